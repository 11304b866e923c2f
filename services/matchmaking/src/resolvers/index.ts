import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Cluster } from './Cluster.js';
import { CooperationOffer } from './CooperationOffer.js';
import { Economy } from './Economy.js';
import { MatchRequest } from './MatchRequest.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { Workshop } from './Workshop.js';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Cluster,
  Economy,
  CooperationOffer,
  MatchRequest,
  Workshop,
};
