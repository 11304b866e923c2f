import { actorOf, type Caller, clusterPrivilege } from '@ccp/kit';
import { clusterUpdated } from '../events/cluster-events.js';
import { type ClusterDocument, type ClusterRecord, toClusterRecord } from '../model/cluster.js';
import { clusterForChange, clusterRef, writeClusterChange } from './change-cluster.js';
import type { RegistryDeps } from './deps.js';

/**
 * A manager (or its coordinator, the secretariat) confirms the profile is current: `lastVerifiedAt` is set,
 * the updated event names `lastVerifiedAt` and the history says `verified`.
 */
export async function confirmClusterProfile(
  deps: RegistryDeps,
  caller: Caller,
  id: string,
  expectedVersion?: number | null,
): Promise<ClusterRecord> {
  const { current, privilege } = await clusterForChange(deps, caller, {
    id,
    expectedVersion,
    action: "confirm this cluster's profile",
    privilegeOf: (c, cluster) => clusterPrivilege(c, clusterRef(cluster)),
    from: ['draft', 'submitted', 'returned', 'published'],
  });
  const lastVerifiedAt = new Date();
  const next: ClusterDocument = { ...current, lastVerifiedAt, version: current.version + 1 };
  const event = clusterUpdated(next, actorOf(caller, privilege), ['lastVerifiedAt']);
  await writeClusterChange(deps, current, next, { lastVerifiedAt }, event, 'verified');
  return toClusterRecord(next);
}
