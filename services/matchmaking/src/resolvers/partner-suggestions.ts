import type { Resolvers } from '../__generated__/resolvers-types.js';
import { pageSize } from '../domain/input.js';
import { suggestPartners } from '../domain/suggest-partners.js';

/** `Cluster.suggestedPartners`: the partner-suggestion engine (src/matching, docs/matching.md). */
export const partnerSuggestionResolvers: Resolvers = {
  Cluster: {
    suggestedPartners: async (cluster, { first }, ctx) => {
      const suggestions = await suggestPartners(ctx.deps, ctx.caller, cluster.id, pageSize(first, 10));
      return suggestions.map(({ clusterId, score, criteria }) => ({
        cluster: { id: clusterId },
        score,
        criteria,
      }));
    },
  },
};
