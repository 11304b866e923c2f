import type { ClusterResolvers, ClusterStatus } from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/input.js';
import { readLastReturn } from '../domain/read-cluster.js';

export const Cluster: ClusterResolvers = {
  __resolveReference: (ref, ctx) => ctx.clusterById.load(requestedId(ref.id, 'id')),
  name: (cluster, { locale }) => {
    const wanted = locale ?? 'en';
    const language = wanted.split('-')[0] ?? 'en';
    return cluster.names[wanted] ?? cluster.names[language] ?? cluster.names.en;
  },
  names: (cluster) => ({ en: cluster.names.en, ru: cluster.names.ru ?? null }),
  economy: (cluster) => ({ code: cluster.economyCode }),
  status: (cluster) => cluster.status.toUpperCase() as ClusterStatus,
  createdAt: (cluster) => cluster.createdAt.toISOString(),
  publishedAt: (cluster) => cluster.publishedAt?.toISOString() ?? null,
  lastReturn: (cluster, _, ctx) => {
    const last = readLastReturn(ctx.caller, cluster);
    return last && { comments: last.comments, returnedAt: last.returnedAt.toISOString() };
  },
};
