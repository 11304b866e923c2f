import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  workshop: (_, { id }, ctx) => ctx.workshopById.load(id),
};
