import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { publishCluster } from '../domain/publish-cluster.js';
import { registerCluster } from '../domain/register-cluster.js';

export const Mutation: MutationResolvers = {
  registerCluster: (_, { input }, ctx) => registerCluster(ctx.deps, ctx.caller, input),
  publishCluster: (_, { id, expectedVersion }, ctx) => publishCluster(ctx.deps, ctx.caller, id, expectedVersion),
};
