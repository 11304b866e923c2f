import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { scheduleWorkshop } from '../domain/schedule-workshop.js';

export const Mutation: MutationResolvers = {
  scheduleWorkshop: (_, { input }, ctx) => scheduleWorkshop(ctx.deps, ctx.caller, input),
};
