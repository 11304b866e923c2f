import type { MatchRequestResolvers, MatchRequestStatus } from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/input.js';
import { effectiveStatus } from '../domain/match-request-state.js';
import { readableCollaboration, readableMatchRequest } from '../domain/read-match-requests.js';

export const MatchRequest: MatchRequestResolvers = {
  __resolveReference: async (ref, ctx) =>
    readableMatchRequest(ctx.caller, await ctx.matchRequestById.load(requestedId(ref.id, 'id'))),
  fromCluster: (request) => ({ id: request.fromClusterId }),
  toCluster: (request) => ({ id: request.toClusterId }),
  status: (request) => effectiveStatus(request).toUpperCase() as MatchRequestStatus,
  createdAt: (request) => request.createdAt.toISOString(),
  expiresAt: (request) => request.expiresAt.toISOString(),
  // An overdue request the sweep has not written yet reads as expired at its expiry time.
  decidedAt: (request) =>
    (request.decidedAt ?? (effectiveStatus(request) === 'expired' ? request.expiresAt : null))?.toISOString() ??
    null,
  collaboration: async (request, _, ctx) =>
    request.collaborationId
      ? readableCollaboration(ctx.caller, await ctx.collaborationById.load(request.collaborationId))
      : null,
};
