import type { ClusterAction, ClusterResolvers, ClusterStatus } from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/input.js';
import { readContacts, readHistory, readLastReturn } from '../domain/read-cluster.js';
import { inLocale } from './MultilingualText.js';

export const Cluster: ClusterResolvers = {
  __resolveReference: (ref, ctx) => ctx.clusterById.load(requestedId(ref.id, 'id')),
  name: (cluster, { locale }) => inLocale(cluster.names as Record<string, string>, locale),
  names: (cluster) => ({ en: cluster.names.en, ru: cluster.names.ru ?? null }),
  economy: (cluster) => ({ code: cluster.economyCode }),
  status: (cluster) => cluster.status.toUpperCase() as ClusterStatus,
  createdAt: (cluster) => cluster.createdAt.toISOString(),
  publishedAt: (cluster) => cluster.publishedAt?.toISOString() ?? null,
  lastVerifiedAt: (cluster) => cluster.lastVerifiedAt?.toISOString() ?? null,
  archivedAt: (cluster) => cluster.archivedAt?.toISOString() ?? null,
  lastReturn: (cluster, _, ctx) => {
    const last = readLastReturn(ctx.caller, cluster);
    return last && { comments: last.comments, returnedAt: last.returnedAt.toISOString() };
  },
  contacts: (cluster, _, ctx) => readContacts(ctx.caller, cluster),
  history: (cluster, { first }, ctx) =>
    readHistory(ctx.caller, cluster, Math.min(first ?? 20, 100)).map((h) => ({
      at: new Date(h.at).toISOString(),
      actor: h.actor,
      actorRole: h.actorRole,
      action: h.action.toUpperCase() as ClusterAction,
      changedFields: h.changedFields,
    })),
};
