import { type Caller, requireSignedIn } from '@ccp/kit';
import type { CooperationOfferRecord } from '../model/cooperation-offer.js';
import type { MatchmakingDeps } from './deps.js';
import { requestedId } from './input.js';
import { changeOffer, requireAnswerable } from './offer-change.js';

/**
 * Any signed-in user follows an open offer, to be told when it changes or closes. Following again changes
 * nothing; an offer that is closed or past its deadline cannot be followed (INVALID_STATE on `id`).
 */
export async function followCooperationOffer(
  deps: MatchmakingDeps,
  caller: Caller,
  offerId: unknown,
): Promise<CooperationOfferRecord> {
  requireSignedIn(caller, 'follow cooperation offers');
  return changeOffer(deps, requestedId(offerId, 'id'), (current) => {
    if (current.followers.includes(caller.subject)) return null;
    requireAnswerable(current, 'id', 'follow it');
    return { set: { followers: [...current.followers, caller.subject] }, events: [] };
  });
}

/** Stops following; always allowed, also once the offer closed. Not following is no error. */
export async function unfollowCooperationOffer(
  deps: MatchmakingDeps,
  caller: Caller,
  offerId: unknown,
): Promise<CooperationOfferRecord> {
  requireSignedIn(caller, 'follow cooperation offers');
  return changeOffer(deps, requestedId(offerId, 'id'), (current) => {
    if (!current.followers.includes(caller.subject)) return null;
    return { set: { followers: current.followers.filter((f) => f !== caller.subject) }, events: [] };
  });
}
