import { validationError } from '@ccp/kit';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/input.js';
import { specializationList } from '../domain/specializations.js';
import type { ClusterStatus } from '../model/cluster.js';

export const MAX_PAGE = 200;

export const Query: QueryResolvers = {
  cluster: (_, { id, slug }, ctx) => {
    if ((id == null) === (slug == null)) {
      throw validationError([
        { field: id == null ? 'id' : 'slug', reason: 'give exactly one of id and slug' },
      ]);
    }
    if (id != null) return ctx.clusterById.load(requestedId(id, 'id'));
    return ctx.deps.repository.bySlug(requestedId(slug, 'slug'));
  },
  specializations: () => specializationList(),
  clusters: async (_, { filter, first, after }, ctx) => {
    const size = first ?? 50;
    if (size < 0 || size > MAX_PAGE) {
      throw validationError([{ field: 'first', reason: `must be between 0 and ${MAX_PAGE}` }]);
    }
    const status = (filter?.status ?? 'PUBLISHED').toLowerCase() as ClusterStatus;
    return ctx.deps.repository.page(
      { economies: filter?.economies ?? undefined, status },
      size,
      after ?? undefined,
    );
  },
};
