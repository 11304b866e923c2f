import type { ClusterOrigin, Resolvers } from '../__generated__/resolvers-types.js';
import { importClusters } from '../domain/import-clusters.js';

/** Bulk import of clusters (Query.clusterExport, in search.ts, writes files with domain/cluster-file.ts). */
export const importExportResolvers: Resolvers = {
  Mutation: {
    importClusters: (_, { format, data, publish, dryRun }, ctx) =>
      importClusters(ctx.deps, ctx.caller, { format, data, publish, dryRun }),
  },
  Cluster: {
    origin: (cluster) => cluster.origin.toUpperCase() as ClusterOrigin,
  },
};
