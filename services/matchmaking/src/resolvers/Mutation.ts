import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { publishCooperationOffer } from '../domain/publish-cooperation-offer.js';
import { requestMatch } from '../domain/request-match.js';
import { scheduleWorkshop } from '../domain/schedule-workshop.js';

export const Mutation: MutationResolvers = {
  publishCooperationOffer: (_, { input }, ctx) => publishCooperationOffer(ctx.deps, ctx.caller, input),
  requestMatch: (_, { input }, ctx) => requestMatch(ctx.deps, ctx.caller, input),
  scheduleWorkshop: (_, { input }, ctx) => scheduleWorkshop(ctx.deps, ctx.caller, input),
};
