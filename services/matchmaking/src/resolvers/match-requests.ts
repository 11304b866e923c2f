import type { CollaborationOrigin, Resolvers } from '../__generated__/resolvers-types.js';
import { acceptMatchRequest, declineMatchRequest, withdrawMatchRequest } from '../domain/decide-match-request.js';
import { pageSize, requestedId } from '../domain/input.js';
import {
  readableCollaboration,
  readableCollaborationsOf,
  readableMatchesOf,
  readableMatchRequest,
} from '../domain/read-match-requests.js';
import { requestMatch } from '../domain/request-match.js';
import { sendMatchMessage } from '../domain/send-match-message.js';

/** Match requests, their conversations and collaborations (engineer C's feature module). */
export const matchRequestResolvers: Resolvers = {
  Query: {
    matchRequest: async (_, { id }, ctx) =>
      readableMatchRequest(ctx.caller, await ctx.matchRequestById.load(requestedId(id, 'id'))),
    collaboration: async (_, { id }, ctx) =>
      readableCollaboration(ctx.caller, await ctx.collaborationById.load(requestedId(id, 'id'))),
  },
  Mutation: {
    requestMatch: (_, { input }, ctx) => requestMatch(ctx.deps, ctx.caller, input),
    acceptMatchRequest: (_, { id, message }, ctx) => acceptMatchRequest(ctx.deps, ctx.caller, id, message),
    declineMatchRequest: (_, { id, reason }, ctx) => declineMatchRequest(ctx.deps, ctx.caller, id, reason),
    withdrawMatchRequest: (_, { id }, ctx) => withdrawMatchRequest(ctx.deps, ctx.caller, id),
    sendMatchMessage: (_, { input }, ctx) => sendMatchMessage(ctx.deps, ctx.caller, input),
  },
  Cluster: {
    matches: (cluster, { first }, ctx) =>
      readableMatchesOf(ctx.deps, ctx.caller, cluster.id, pageSize(first, 50)),
    collaborations: (cluster, { first }, ctx) =>
      readableCollaborationsOf(ctx.deps, ctx.caller, cluster.id, pageSize(first, 50)),
    collaborationCount: (cluster, _, ctx) => ctx.collaborationCountOf.load(cluster.id),
  },
  MatchMessage: {
    fromCluster: (message) => ({ id: message.fromClusterId }),
    sentAt: (message) => message.sentAt.toISOString(),
  },
  Collaboration: {
    __resolveReference: async (ref, ctx) =>
      readableCollaboration(ctx.caller, await ctx.collaborationById.load(requestedId(ref.id, 'id'))),
    clusters: (c) => c.clusterIds.map((id) => ({ id })),
    economyCodes: (c) => c.economies,
    origin: (c) => c.origin.toUpperCase().replace('-', '_') as CollaborationOrigin,
    agreedAt: (c) => c.agreedAt.toISOString(),
  },
};
