import {
  actorOf,
  type Caller,
  economyPrivilege,
  isSecretariat,
  notFoundError,
  requirePrivilege,
  requireSignedIn,
} from '@ccp/kit';
import type { AccountsDeps } from './deps.js';
import { grantRole } from './grant-role.js';
import { type UserGrantsRecord, userGrants } from './user-grants.js';

/** The coordinator of the cluster's economy, or the secretariat, makes a user one of the cluster's managers. */
export async function grantClusterManager(
  deps: AccountsDeps,
  caller: Caller,
  { userId, clusterId }: { userId: string; clusterId: string },
): Promise<UserGrantsRecord> {
  requireSignedIn(caller, 'grant cluster managers');
  const cluster = await deps.clusterFactRepository.byId(clusterId);
  const privilege = cluster
    ? economyPrivilege(caller, cluster.economy)
    : isSecretariat(caller)
      ? 'secretariat'
      : null;
  requirePrivilege(caller, privilege, 'grant managers of this cluster');
  if (!cluster) throw notFoundError('Cluster', clusterId);
  const user = await grantRole(
    deps,
    userId,
    { role: 'cluster-manager', clusterId },
    { actor: actorOf(caller, privilege) },
  );
  return userGrants(user);
}
