import type { EconomyResolvers } from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/input.js';
import type { ClusterStatus } from '../model/cluster.js';
import { MAX_PAGE } from './Query.js';

/** Registry's view of an economy: just its code, extended with its clusters. */
export interface EconomyRef {
  code: string;
}

export const Economy: EconomyResolvers = {
  __resolveReference: (ref) => ({ code: requestedId(ref.code, 'code') }),
  clusters: async (economy, { status, first }, ctx) => {
    const page = await ctx.deps.repository.page(
      { economies: [economy.code], status: (status ?? 'PUBLISHED').toLowerCase() as ClusterStatus },
      Math.min(Math.max(first ?? 50, 0), MAX_PAGE),
    );
    return page.nodes;
  },
};
