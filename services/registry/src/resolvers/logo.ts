import type { Resolvers } from '../__generated__/resolvers-types.js';
import { logoUrlOf } from '../model/cluster-logo.js';

/** Cluster logos: uploaded and served over HTTP (`/clusters/{id}/logo` on the gateway), linked from the graph. */
export const logoResolvers: Resolvers = {
  Cluster: {
    logoUrl: (cluster) => logoUrlOf(cluster.id, cluster.logo),
  },
};
