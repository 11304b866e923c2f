import type { UserResolvers } from '../__generated__/resolvers-types.js';
import { assertMayReadUser } from '../domain/read-user.js';
import { clusterRef } from '../model/references.js';

export const User: UserResolvers = {
  // Other subgraphs' references obey the same rule as `user(id)`: personal data is not a side door.
  __resolveReference: (ref, ctx) => {
    assertMayReadUser(ctx.caller, ref.id);
    return ctx.userById.load(ref.id);
  },
  createdAt: (user) => user.createdAt.toISOString(),
  managedClusters: (user) => {
    const ids = user.grants.flatMap((g) =>
      g.role === 'cluster-manager' && g.clusterId ? [g.clusterId] : [],
    );
    return [...new Set(ids)].map(clusterRef);
  },
  // A User is only ever resolved for the user themself or the secretariat (see Query.user), so are its keys.
  apiKeys: (user, _, ctx) => ctx.deps.apiKeyRepository.byOwner(user.id),
  notificationPreferences: (user) => user.notificationPreferences,
};
