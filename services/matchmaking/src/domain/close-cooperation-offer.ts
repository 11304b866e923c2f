import {
  actorOf,
  type Caller,
  problemsFromZod,
  requireSignedIn,
  SYSTEM_ACTOR,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import { offerClosed } from '../events/offer-events.js';
import { offerClosedForFollowers, offerExpiredForOwners } from '../events/offer-notifications.js';
import type { CooperationOfferRecord } from '../model/cooperation-offer.js';
import type { MatchmakingDeps } from './deps.js';
import { requestedId } from './input.js';
import {
  changeOffer,
  deadlineEnd,
  isPastDeadline,
  requireAnswerable,
  requireOfferPrivilege,
} from './offer-change.js';

export const closeCooperationOfferInput = z
  .object({
    id: z.string(),
    reason: z
      .string()
      .refine((r) => r !== 'EXPIRED', 'EXPIRED is set by the platform when the deadline passes')
      .pipe(z.enum(['FULFILLED', 'WITHDRAWN'], 'must be FULFILLED or WITHDRAWN'))
      .transform((r) => r.toLowerCase() as 'fulfilled' | 'withdrawn'),
  })
  .strict();

/**
 * Closes an open offer as fulfilled (a partner was found) or withdrawn, for the people who may publish it;
 * followers (but the one closing it) are told.
 */
export async function closeCooperationOffer(
  deps: MatchmakingDeps,
  caller: Caller,
  input: unknown,
): Promise<CooperationOfferRecord> {
  const action = 'close cooperation offers of this cluster';
  requireSignedIn(caller, action);
  const parsed = closeCooperationOfferInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const { reason } = parsed.data;
  return changeOffer(deps, requestedId(parsed.data.id, 'id'), (current) => {
    const privilege = requireOfferPrivilege(caller, current, action);
    requireAnswerable(current, 'id', 'close it');
    const closedAt = new Date();
    const version = current.version + 1;
    const actor = actorOf(caller, privilege);
    const followers = current.followers.filter((userId) => userId !== caller.subject);
    return {
      set: { status: 'closed', closeReason: reason, closedAt },
      events: [
        offerClosed({ ...current, version }, reason, closedAt, actor),
        ...offerClosedForFollowers(current, reason, followers, actor),
      ],
    };
  });
}

/**
 * Closes an open offer whose deadline has passed, as the platform: closed at the end of its deadline day,
 * followers and the cluster's managers told. Returns null when there was nothing to do (closed meanwhile,
 * or the deadline moved).
 */
export async function expireCooperationOffer(
  deps: MatchmakingDeps,
  id: string,
  now = new Date(),
): Promise<CooperationOfferRecord | null> {
  let expired = false;
  const record = await changeOffer(deps, id, (current) => {
    expired = false;
    if (current.status !== 'open' || !isPastDeadline(current, now)) return null;
    expired = true;
    const closedAt = deadlineEnd(current.deadline!);
    return {
      set: { status: 'closed', closeReason: 'expired', closedAt },
      events: [
        offerClosed({ ...current, version: current.version + 1 }, 'expired', closedAt, SYSTEM_ACTOR),
        ...offerClosedForFollowers(current, 'expired', current.followers, SYSTEM_ACTOR),
        offerExpiredForOwners(current, SYSTEM_ACTOR),
      ],
    };
  });
  return expired ? record : null;
}
