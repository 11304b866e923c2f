import { readKpis } from '../domain/kpis.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  economies: (_, __, ctx) => ctx.deps.repository.all(),
  economy: (_, { code }, ctx) => ctx.economyByCode.load(code.toUpperCase()),
  kpis: (_, filter, ctx) => readKpis(ctx.deps, filter),
};
