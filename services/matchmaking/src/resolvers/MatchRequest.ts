import type { MatchRequestResolvers, MatchRequestStatus } from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/input.js';

export const MatchRequest: MatchRequestResolvers = {
  __resolveReference: (ref, ctx) => ctx.matchRequestById.load(requestedId(ref.id, 'id')),
  fromCluster: (request) => ({ id: request.fromClusterId }),
  toCluster: (request) => ({ id: request.toClusterId }),
  status: (request) => request.status.toUpperCase() as MatchRequestStatus,
  createdAt: (request) => request.createdAt.toISOString(),
};
