import type { ClusterResolvers } from '../__generated__/resolvers-types.js';
import { suggestPartners } from '../domain/suggest-partners.js';
import { pageSize, requestedId } from '../domain/input.js';

/** Matchmaking's view of a cluster: just its id (registry resolves the profile). */
export interface ClusterRef {
  id: string;
}

export const Cluster: ClusterResolvers = {
  __resolveReference: (ref) => ({ id: requestedId(ref.id, 'id') }),
  cooperationOffers: (cluster, { first }, ctx) =>
    ctx.deps.offerRepository.openOfCluster(cluster.id, pageSize(first, 50)),
  suggestedPartners: async (cluster, { first }, ctx) => {
    const suggestions = await suggestPartners(ctx.deps, cluster.id, pageSize(first, 10));
    return suggestions.map(({ clusterId, score, criteria }) => ({
      cluster: { id: clusterId },
      score,
      criteria,
    }));
  },
  matches: (cluster, { first }, ctx) =>
    ctx.deps.matchRequestRepository.involving(cluster.id, pageSize(first, 50)),
};
