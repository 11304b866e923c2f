import type { Role, RoleGrantResolvers } from '../__generated__/resolvers-types.js';
import { clusterRef, economyRef } from '../model/references.js';

export const RoleGrant: RoleGrantResolvers = {
  role: (grant) => grant.role.replace(/-/g, '_').toUpperCase() as Role,
  cluster: (grant) => (grant.clusterId ? clusterRef(grant.clusterId) : null),
  economyCode: (grant) => grant.economy,
  economy: (grant) => (grant.economy ? economyRef(grant.economy) : null),
  grantedAt: (grant) => grant.grantedAt.toISOString(),
};
