import { actorOf, type Caller, clusterPrivilege } from '@ccp/kit';
import { clusterSubmitted } from '../events/cluster-events.js';
import { type ClusterDocument, type ClusterRecord, toClusterRecord } from '../model/cluster.js';
import { clusterForChange, clusterRef, writeClusterChange } from './change-cluster.js';
import type { RegistryDeps } from './deps.js';

/** Sends a draft or returned profile to its economy's coordinator for review. */
export async function submitCluster(
  deps: RegistryDeps,
  caller: Caller,
  id: string,
  expectedVersion?: number | null,
): Promise<ClusterRecord> {
  const { current, privilege } = await clusterForChange(deps, caller, {
    id,
    expectedVersion,
    action: 'submit this cluster',
    privilegeOf: (c, cluster) => clusterPrivilege(c, clusterRef(cluster)),
    from: ['draft', 'returned'],
  });
  const next: ClusterDocument = { ...current, status: 'submitted', version: current.version + 1 };
  const event = clusterSubmitted(next, actorOf(caller, privilege));
  await writeClusterChange(deps, current, next, { status: 'submitted' }, event);
  return toClusterRecord(next);
}
