import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { archiveCluster } from '../domain/archive-cluster.js';
import { confirmClusterProfile } from '../domain/confirm-cluster.js';
import { publishCluster } from '../domain/publish-cluster.js';
import { registerCluster } from '../domain/register-cluster.js';
import { returnCluster } from '../domain/return-cluster.js';
import { submitCluster } from '../domain/submit-cluster.js';
import { updateCluster } from '../domain/update-cluster.js';

export const Mutation: MutationResolvers = {
  registerCluster: (_, { input }, ctx) => registerCluster(ctx.deps, ctx.caller, input),
  updateCluster: (_, { id, expectedVersion, input }, ctx) =>
    updateCluster(ctx.deps, ctx.caller, id, expectedVersion, input),
  submitCluster: (_, { id, expectedVersion }, ctx) =>
    submitCluster(ctx.deps, ctx.caller, id, expectedVersion),
  publishCluster: (_, { id, expectedVersion }, ctx) =>
    publishCluster(ctx.deps, ctx.caller, id, expectedVersion),
  returnCluster: (_, { id, comments, expectedVersion }, ctx) =>
    returnCluster(ctx.deps, ctx.caller, id, comments, expectedVersion),
  confirmClusterProfile: (_, { id, expectedVersion }, ctx) =>
    confirmClusterProfile(ctx.deps, ctx.caller, id, expectedVersion),
  archiveCluster: (_, { id, reason, expectedVersion }, ctx) =>
    archiveCluster(ctx.deps, ctx.caller, id, reason, expectedVersion),
};
