import {
  type Caller,
  isSecretariat,
  notFoundError,
  problemsFromZod,
  requirePrivilege,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import type { ApiKeyRecord } from '../model/api-key.js';
import { recordAudit } from './audit.js';
import type { AccountsDeps } from './deps.js';

const limitsInput = z.object({
  maxDepth: z.number().int().min(1).max(50),
  maxCost: z.number().int().min(1).max(1_000_000),
  requestsPerMinute: z.number().int().min(1).max(100_000),
});

/** The secretariat sets a key's limits (higher ones for analysts who need them); audited. */
export async function setApiKeyLimits(
  deps: AccountsDeps,
  caller: Caller,
  id: string,
  limits: unknown,
): Promise<ApiKeyRecord> {
  requirePrivilege(caller, isSecretariat(caller) ? 'secretariat' : null, 'set API key limits');
  const parsed = limitsInput.safeParse(limits);
  if (!parsed.success) {
    throw validationError(
      problemsFromZod(parsed.error.issues).map((p) => ({ ...p, field: `limits.${p.field}` })),
    );
  }
  const res = await deps.apiKeys.updateOne({ _id: id }, { $set: { limits: parsed.data } });
  if (res.matchedCount !== 1) throw notFoundError('API key', id);
  await recordAudit(deps, { type: 'accounts.api-key.limits-set', subject: id, actor: caller.subject });
  const key = await deps.apiKeyRepository.byId(id);
  if (!key) throw notFoundError('API key', id);
  return key;
}
