import { type Caller, forbiddenError, isSecretariat, requireSignedIn } from '@ccp/kit';
import { z } from 'zod';
import {
  CLAIM_STATUSES,
  type ClusterClaimDocument,
  type ClusterClaimRecord,
  toClusterClaimRecord,
} from '../model/cluster-claim.js';
import type { RegistryDeps } from './deps.js';
import { parseInput } from './input.js';

export const MAX_CLAIMS_PAGE = 200;

const listInput = z.object({
  status: z.enum(CLAIM_STATUSES),
  mine: z.boolean(),
  first: z
    .number()
    .int('must be a whole number')
    .min(0, `must be between 0 and ${MAX_CLAIMS_PAGE}`)
    .max(MAX_CLAIMS_PAGE, `must be between 0 and ${MAX_CLAIMS_PAGE}`),
});

/**
 * Claims newest first: with `mine` the caller's own; otherwise the secretariat sees all and a coordinator
 * those on their economies' clusters. Anyone else is refused, anonymous callers asked to sign in.
 */
export async function listClusterClaims(
  deps: RegistryDeps,
  caller: Caller,
  input: { status: string; mine: boolean; first: number },
): Promise<ClusterClaimRecord[]> {
  requireSignedIn(caller, 'read cluster claims');
  const v = parseInput(listInput, { ...input, status: input.status.toLowerCase() });
  const filter: Record<string, unknown> = { status: v.status };
  if (v.mine) {
    filter.userId = caller.subject;
  } else if (!isSecretariat(caller)) {
    const economies = caller.grants.flatMap((g) =>
      g.role === 'economy-coordinator' && g.economy ? [g.economy] : [],
    );
    if (economies.length === 0) {
      throw forbiddenError(
        "Only economy coordinators and the secretariat read others' claims; ask for your own with mine: true",
      );
    }
    filter.economyCode = { $in: economies };
  }
  // A limit of 0 means none to MongoDB.
  if (v.first === 0) return [];
  const docs = await deps.claims.claimModel
    .find(filter)
    .sort({ createdAt: -1, _id: 1 })
    .limit(v.first)
    .lean<ClusterClaimDocument[]>();
  return docs.map(toClusterClaimRecord);
}
