import type { EventValidator, OutboxRelay } from '@ccp/kit';
import type { ClusterFactsRepository } from '../model/cluster-facts.js';
import type { CooperationOfferModel, CooperationOfferRepository } from '../model/cooperation-offer.js';
import type { MatchRequestModel, MatchRequestRepository } from '../model/match-request.js';
import type { WorkshopModel, WorkshopRepository } from '../model/workshop.js';

/** What matchmaking's use cases need; built once in server.ts. */
export interface MatchmakingDeps {
  clusterFacts: ClusterFactsRepository;
  offers: CooperationOfferModel;
  offerRepository: CooperationOfferRepository;
  offerRelay: OutboxRelay;
  matchRequests: MatchRequestModel;
  matchRequestRepository: MatchRequestRepository;
  matchRequestRelay: OutboxRelay;
  workshops: WorkshopModel;
  workshopRepository: WorkshopRepository;
  workshopRelay: OutboxRelay;
  validator: EventValidator;
}
