import type { ClaimStatus, Resolvers } from '../__generated__/resolvers-types.js';
import { claimCluster, isClaimable } from '../domain/claim-cluster.js';
import { approveClusterClaim, rejectClusterClaim } from '../domain/decide-cluster-claim.js';
import { listClusterClaims } from '../domain/list-cluster-claims.js';
import { messageCluster } from '../domain/message-cluster.js';
import { isStale } from '../domain/stale-reminders.js';

/** Claiming, messaging a cluster and stale-profile reminders. */
export const claimResolvers: Resolvers = {
  Query: {
    clusterClaims: (_, { status, mine, first }, ctx) =>
      listClusterClaims(ctx.deps, ctx.caller, {
        status: status ?? 'PENDING',
        mine: mine ?? false,
        first: first ?? 50,
      }),
  },
  Mutation: {
    claimCluster: (_, { clusterId, message }, ctx) =>
      claimCluster(ctx.deps, ctx.caller, { clusterId, message }),
    approveClusterClaim: (_, { id }, ctx) => approveClusterClaim(ctx.deps, ctx.caller, id),
    rejectClusterClaim: (_, { id, reason }, ctx) => rejectClusterClaim(ctx.deps, ctx.caller, id, reason),
    messageCluster: (_, { clusterId, subject, body }, ctx) =>
      messageCluster(ctx.deps, ctx.caller, { clusterId, subject, body }),
  },
  Cluster: {
    stale: (cluster, _, ctx) => isStale(cluster, ctx.deps.claims.staleAfterDays),
    claimable: (cluster) => isClaimable(cluster),
  },
  ClusterClaim: {
    cluster: async (claim, _, ctx) => {
      const cluster = await ctx.clusterById.load(claim.clusterId);
      if (!cluster) throw new Error(`Cluster ${claim.clusterId} of claim ${claim.id} is missing`);
      return cluster;
    },
    status: (claim) => claim.status.toUpperCase() as ClaimStatus,
    createdAt: (claim) => claim.createdAt.toISOString(),
    decidedAt: (claim) => claim.decidedAt?.toISOString() ?? null,
  },
};
