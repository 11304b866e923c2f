import { actorOf, type Caller, problemsFromZod, requireSignedIn, validationError } from '@ccp/kit';
import { z } from 'zod';
import { offerUpdated } from '../events/offer-events.js';
import { offerUpdatedForFollowers } from '../events/offer-notifications.js';
import type { CooperationOfferDocument, CooperationOfferRecord } from '../model/cooperation-offer.js';
import type { MatchmakingDeps } from './deps.js';
import { requestedId } from './input.js';
import { changeOffer, requireAnswerable, requireOfferPrivilege } from './offer-change.js';
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
import { offerKind } from './publish-cooperation-offer.js';

/** Absent or null leaves a field as it is, except deadline and soughtPartner, which null removes. */
export const updateCooperationOfferInput = z
  .object({
    id: z.string(),
    kind: offerKind.nullish(),
    title: localizedPlainText(LIMITS.title).nullish(),
    description: localizedPlainText(LIMITS.description).nullish(),
    sectors: sectorCodes.nullish(),
    targetEconomies: economyCodes.nullish(),
    deadline: futureDeadline.nullable().optional(),
    soughtPartner: soughtPartnerInput.nullable().optional(),
  })
  .strict();

export const UPDATABLE_FIELDS = [
  'kind',
  'title',
  'description',
  'sectors',
  'targetEconomies',
  'deadline',
  'soughtPartner',
] as const;

type Updatable = Pick<CooperationOfferDocument, (typeof UPDATABLE_FIELDS)[number]>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Changes an open offer, for the people who may publish it; followers (but the editor) are told what changed.
 * Fields given with the value they already have are no change; an update changing nothing writes nothing.
 */
export async function updateCooperationOffer(
  deps: MatchmakingDeps,
  caller: Caller,
  input: unknown,
): Promise<CooperationOfferRecord> {
  const action = 'update cooperation offers of this cluster';
  requireSignedIn(caller, action);
  const parsed = updateCooperationOfferInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  const id = requestedId(v.id, 'id');
  const wanted: Partial<Updatable> = {
    ...(v.kind ? { kind: v.kind } : {}),
    ...(v.title ? { title: compactText(v.title) } : {}),
    ...(v.description ? { description: compactText(v.description) } : {}),
    ...(v.sectors ? { sectors: v.sectors } : {}),
    ...(v.targetEconomies ? { targetEconomies: v.targetEconomies } : {}),
    ...(v.deadline !== undefined ? { deadline: v.deadline } : {}),
    ...(v.soughtPartner !== undefined ? { soughtPartner: toSoughtPartner(v.soughtPartner) } : {}),
  };
  if (Object.keys(wanted).length === 0) {
    throw validationError([
      { field: 'input', reason: `must change at least one of ${UPDATABLE_FIELDS.join(', ')}` },
    ]);
  }
  return changeOffer(deps, id, (current) => {
    const privilege = requireOfferPrivilege(caller, current, action);
    requireAnswerable(current, 'id', 'update it');
    const changed = UPDATABLE_FIELDS.filter((f) => f in wanted && !same(wanted[f], current[f]));
    if (changed.length === 0) return null;
    const set: Partial<CooperationOfferDocument> = { updatedAt: new Date() };
    for (const field of changed) Object.assign(set, { [field]: wanted[field] });
    const next: CooperationOfferDocument = { ...current, ...set, version: current.version + 1 };
    const actor = actorOf(caller, privilege);
    const followers = current.followers.filter((userId) => userId !== caller.subject);
    return {
      set,
      events: [
        offerUpdated(next, changed, actor),
        ...offerUpdatedForFollowers(next, changed, followers, actor),
      ],
    };
  });
}
