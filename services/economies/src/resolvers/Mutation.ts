import { setKpiTarget } from '../domain/kpis.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';

export const Mutation: MutationResolvers = {
  setKpiTarget: (_, input, ctx) => setKpiTarget(ctx.deps, ctx.caller, input),
};
