import { randomUUID } from 'node:crypto';
import { actorOf, type Caller, problemsFromZod, requireSignedIn, validationError } from '@ccp/kit';
import { z } from 'zod';
import { offerPublished } from '../events/offer-events.js';
import {
  type CooperationOfferDocument,
  type CooperationOfferRecord,
  OFFER_KINDS,
  type OfferKind,
  toCooperationOfferRecord,
} from '../model/cooperation-offer.js';
import type { MatchmakingDeps } from './deps.js';
import { clusterId } from './input.js';
import {
  compactText,
  economyCodes,
  futureDeadline,
  LIMITS,
  localizedPlainText,
  sectorCodes,
  soughtPartnerInput,
  toSoughtPartner,
} from './offer-input.js';
import { clusterToActFor } from './published-cluster.js';

export const offerKind = z
  .enum(['OFFER', 'NEED', 'PROJECT'])
  .transform((kind) => kind.toLowerCase() as OfferKind)
  .pipe(z.enum(OFFER_KINDS));

export const publishCooperationOfferInput = z
  .object({
    clusterId,
    kind: offerKind,
    title: localizedPlainText(LIMITS.title),
    description: localizedPlainText(LIMITS.description),
    sectors: sectorCodes.nullish(),
    targetEconomies: economyCodes.nullish(),
    deadline: futureDeadline.nullish(),
    soughtPartner: soughtPartnerInput.nullish(),
  })
  .strict();

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
  const now = new Date();
  const doc: CooperationOfferDocument = {
    _id: randomUUID(),
    clusterId: cluster.id,
    economy: cluster.economy,
    kind: v.kind,
    title: compactText(v.title),
    description: compactText(v.description),
    sectors: v.sectors ?? [],
    targetEconomies: v.targetEconomies ?? [],
    deadline: v.deadline ?? null,
    soughtPartner: toSoughtPartner(v.soughtPartner),
    status: 'open',
    closeReason: null,
    closedAt: null,
    followers: [],
    interests: [],
    createdAt: now,
    createdBy: caller.subject,
    updatedAt: null,
    version: 1,
    outbox: [],
  };
  const event = offerPublished(doc, actorOf(caller, privilege));
  deps.validator.assertValid(event);
  doc.outbox = [event];
  await deps.offers.collection.insertOne(doc as never);
  const record = toCooperationOfferRecord(doc);
  deps.offerRepository.put(record);
  await deps.offerRelay.flush(doc._id).catch(() => {});
  return record;
}
