import type { CooperationOfferModel, CooperationOfferRepository } from '../model/cooperation-offer.js';
import type { MatchRequestModel } from '../model/match-request.js';
import type { WorkshopModel } from '../model/workshop.js';
import type { WorkshopPeople } from './erase-participants.js';
import { eraseMatchRequestAuthors } from './erase-match-authors.js';
import { eraseOfferParticipation } from './erase-offer-participation.js';

/** What replaces an erased user's id wherever matchmaking kept it. */
export const ERASED_USER = 'erased-user';

/** Every collection matchmaking keeps a `createdBy` user id in. */
export interface CreatorModels {
  offers: CooperationOfferModel;
  matchRequests: MatchRequestModel;
  workshops: WorkshopModel;
  /** The offer read model, told which offers the erasure changed. */
  offerRepository?: CooperationOfferRepository;
  /** Workshop registrations and meeting requests, erased by user id and by the event's email digest. */
  workshopPeople?: WorkshopPeople;
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
  // Their follows and interests in cooperation offers go too.
  const offers = await eraseOfferParticipation(models.offers, userId, models.offerRepository);
  // And their messages and decisions on match requests.
  const requests = await eraseMatchRequestAuthors(models.matchRequests, userId);
  return results.reduce((sum, r) => sum + r.modifiedCount, offers + requests);
}
