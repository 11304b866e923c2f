import type { Caller } from '@ccp/kit';
import DataLoader from 'dataloader';
import type { MatchmakingDeps } from './domain/deps.js';
import type { CooperationOfferRecord } from './model/cooperation-offer.js';
import type { CollaborationRecord } from './model/collaboration.js';
import type { MatchRequestRecord } from './model/match-request.js';
import type { WorkshopRecord } from './model/workshop.js';

export interface Context {
  caller: Caller;
  deps: MatchmakingDeps;
  offerById: DataLoader<string, CooperationOfferRecord | null>;
  matchRequestById: DataLoader<string, MatchRequestRecord | null>;
  collaborationById: DataLoader<string, CollaborationRecord | null>;
  /** Collaborations per cluster id: one query for a page of clusters. */
  collaborationCountOf: DataLoader<string, number>;
  workshopById: DataLoader<string, WorkshopRecord | null>;
}

export function createContext(deps: MatchmakingDeps, caller: Caller): Context {
  return {
    caller,
    deps,
    offerById: new DataLoader((ids) => deps.offerRepository.byIds(ids)),
    matchRequestById: new DataLoader((ids) => deps.matchRequestRepository.byIds(ids)),
    collaborationById: new DataLoader((ids) => deps.collaborationRepository.byIds(ids)),
    collaborationCountOf: new DataLoader((ids) => deps.collaborationRepository.countsOf(ids)),
    workshopById: new DataLoader((ids) => deps.workshopRepository.byIds(ids)),
  };
}
