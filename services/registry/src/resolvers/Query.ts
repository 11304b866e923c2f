import { referenceSpecializations, validationError } from '@ccp/kit';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/input.js';
import { readableCluster } from '../domain/read-cluster.js';

export const Query: QueryResolvers = {
  cluster: async (_, { id, slug }, ctx) => {
    if ((id == null) === (slug == null)) {
      throw validationError([
        { field: id == null ? 'id' : 'slug', reason: 'give exactly one of id and slug' },
      ]);
    }
    const cluster =
      id != null
        ? await ctx.clusterById.load(requestedId(id, 'id'))
        : await ctx.deps.readModel.bySlug(requestedId(slug, 'slug'));
    return readableCluster(ctx.caller, cluster);
  },
  specializations: () => referenceSpecializations(),
};
