import type { ClusterResolvers, ClusterStatus } from '../__generated__/resolvers-types.js';

export const Cluster: ClusterResolvers = {
  __resolveReference: (ref, ctx) => ctx.clusterById.load(ref.id),
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
};
