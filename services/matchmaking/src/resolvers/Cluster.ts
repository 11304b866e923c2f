import type { ClusterResolvers } from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/input.js';

/** Matchmaking's view of a cluster: just its id (registry resolves the profile). */
export interface ClusterRef {
  id: string;
}

export const Cluster: ClusterResolvers = {
  __resolveReference: (ref) => ({ id: requestedId(ref.id, 'id') }),
};
