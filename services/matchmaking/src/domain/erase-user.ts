import type { CooperationOfferModel } from '../model/cooperation-offer.js';
import type { MatchRequestModel } from '../model/match-request.js';
import type { WorkshopModel } from '../model/workshop.js';

/** What replaces an erased user's id wherever matchmaking kept it. */
export const ERASED_USER = 'erased-user';

/** Every collection matchmaking keeps a `createdBy` user id in. */
export interface CreatorModels {
  offers: CooperationOfferModel;
  matchRequests: MatchRequestModel;
  workshops: WorkshopModel;
}

/**
 * Replaces an erased user's id in the offers, match requests and workshops they created. Plain updates by
 * value: running them again finds nothing left to change.
 */
export async function eraseUser(models: CreatorModels, userId: string): Promise<number> {
  const filter = { createdBy: userId };
  const update = { $set: { createdBy: ERASED_USER } };
  const results = [
    await models.offers.updateMany(filter, update),
    await models.matchRequests.updateMany(filter, update),
    await models.workshops.updateMany(filter, update),
  ];
  return results.reduce((sum, r) => sum + r.modifiedCount, 0);
}
