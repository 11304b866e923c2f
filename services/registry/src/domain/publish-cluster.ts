import { actorOf, type Caller, economyPrivilege } from '@ccp/kit';
import { clusterPublished } from '../events/cluster-events.js';
import { type ClusterDocument, type ClusterRecord, toClusterRecord } from '../model/cluster.js';
import { clusterForChange, writeClusterChange } from './change-cluster.js';
import type { RegistryDeps } from './deps.js';

/**
 * Publishes a draft or submitted profile. Its economy's coordinator or the secretariat decides — not its
 * managers, so a profile goes public only after a review.
 */
export async function publishCluster(
  deps: RegistryDeps,
  caller: Caller,
  id: string,
  expectedVersion?: number | null,
): Promise<ClusterRecord> {
  const { current, privilege } = await clusterForChange(deps, caller, {
    id,
    expectedVersion,
    action: 'publish this cluster',
    privilegeOf: (c, cluster) => economyPrivilege(c, cluster.economyCode),
    from: ['draft', 'submitted'],
  });
  const publishedAt = new Date();
  const next: ClusterDocument = {
    ...current,
    status: 'published',
    publishedAt,
    version: current.version + 1,
  };
  const event = clusterPublished(next, actorOf(caller, privilege));
  await writeClusterChange(deps, current, next, { status: 'published', publishedAt }, event);
  return toClusterRecord(next);
}
