import { actorOf, type Caller, economyPrivilege } from '@ccp/kit';
import { z } from 'zod';
import { clusterArchived } from '../events/cluster-events.js';
import { type ClusterDocument, type ClusterRecord, toClusterRecord } from '../model/cluster.js';
import { clusterForChange, writeClusterChange } from './change-cluster.js';
import type { RegistryDeps } from './deps.js';
import { LIMITS, parseInput, text } from './input.js';

const archiveInput = z.object({ reason: text(LIMITS.short) });

/** Archives a profile in any other status; its economy's coordinator or the secretariat decides. */
export async function archiveCluster(
  deps: RegistryDeps,
  caller: Caller,
  id: string,
  reason: unknown,
  expectedVersion?: number | null,
): Promise<ClusterRecord> {
  const { current, privilege } = await clusterForChange(deps, caller, {
    id,
    expectedVersion,
    action: 'archive this cluster',
    privilegeOf: (c, cluster) => economyPrivilege(c, cluster.economyCode),
    from: ['draft', 'submitted', 'returned', 'published'],
  });
  const v = parseInput(archiveInput, { reason });
  const archivedAt = new Date();
  const set = { status: 'archived' as const, archivedAt, archiveReason: v.reason };
  const next: ClusterDocument = { ...current, ...set, version: current.version + 1 };
  const event = clusterArchived(next, actorOf(caller, privilege));
  await writeClusterChange(deps, current, next, set, event);
  return toClusterRecord(next);
}
