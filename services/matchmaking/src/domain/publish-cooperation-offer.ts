import { randomUUID } from 'node:crypto';
import { actorOf, type Caller, problemsFromZod, requireSignedIn, validationError } from '@ccp/kit';
import { z } from 'zod';
import { offerPublished } from '../events/offer-events.js';
import {
  type CooperationOfferDocument,
  type CooperationOfferRecord,
  type OfferKind,
  toCooperationOfferRecord,
} from '../model/cooperation-offer.js';
import type { MatchmakingDeps } from './deps.js';
import { clusterId, compactLocalized, economyCode, localizedText, specializationCode } from './input.js';
import { clusterToActFor } from './published-cluster.js';

/** A deadline is a calendar day: today (UTC) still counts as the future. */
const todayUtc = () => new Date().toISOString().slice(0, 10);

export const publishCooperationOfferInput = z.object({
  clusterId,
  kind: z.enum(['OFFER', 'NEED', 'PROJECT']),
  title: localizedText(200),
  description: localizedText(5000),
  sectors: z.array(specializationCode).max(20, 'at most 20 sectors').nullish(),
  targetEconomies: z.array(economyCode).max(21, 'at most 21 economies').nullish(),
  deadline: z.iso
    .date({ message: 'must be an ISO 8601 date (YYYY-MM-DD)' })
    .refine((day) => day >= todayUtc(), { message: 'must be in the future' })
    .nullish(),
});

export type PublishCooperationOfferInput = z.input<typeof publishCooperationOfferInput>;

/**
 * Stores an open offer of a published cluster: its managers, its economy's coordinator or the secretariat.
 * Its event leaves through the outbox in the same write.
 */
export async function publishCooperationOffer(
  deps: MatchmakingDeps,
  caller: Caller,
  input: unknown,
): Promise<CooperationOfferRecord> {
  const action = 'publish cooperation offers of this cluster';
  requireSignedIn(caller, action);
  const parsed = publishCooperationOfferInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  const { cluster, privilege } = await clusterToActFor(deps, caller, v.clusterId, 'clusterId', action);
  const doc: CooperationOfferDocument = {
    _id: randomUUID(),
    clusterId: cluster.id,
    economy: cluster.economy,
    kind: v.kind.toLowerCase() as OfferKind,
    title: compactLocalized(v.title),
    description: compactLocalized(v.description),
    sectors: [...new Set(v.sectors ?? [])],
    targetEconomies: [...new Set(v.targetEconomies ?? [])],
    deadline: v.deadline ?? null,
    status: 'open',
    createdAt: new Date(),
    createdBy: caller.subject,
    version: 1,
    outbox: [],
  };
  const event = offerPublished(doc, actorOf(caller, privilege));
  deps.validator.assertValid(event);
  doc.outbox = [event];
  await deps.offers.collection.insertOne(doc as never);
  await deps.offerRelay.flush(doc._id).catch(() => {});
  return toCooperationOfferRecord(doc);
}
