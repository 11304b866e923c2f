import { mergeResolvers } from '@ccp/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Cluster } from './Cluster.js';
import { Economy } from './Economy.js';
import { MatchRequest } from './MatchRequest.js';
import { Mutation } from './Mutation.js';
import { matchRequestResolvers } from './match-requests.js';
import { offerResolvers } from './offers.js';
import { partnerSuggestionResolvers } from './partner-suggestions.js';
import { Query } from './Query.js';
import { Workshop } from './Workshop.js';
import { workshopResolvers } from './workshops.js';

/** Each feature module contributes fields to the shared types; one field is resolved by one module only. */
const features: Resolvers[] = [offerResolvers, matchRequestResolvers, partnerSuggestionResolvers, workshopResolvers];

export const resolvers: Resolvers = mergeResolvers<Resolvers>(
  {
    Query,
    Mutation,
    Cluster,
    Economy,
    MatchRequest,
    Workshop,
  },
  features,
);
