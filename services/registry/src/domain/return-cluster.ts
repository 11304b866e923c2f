import { actorOf, type Caller, economyPrivilege } from '@ccp/kit';
import { z } from 'zod';
import { clusterReturned } from '../events/cluster-events.js';
import { type ClusterDocument, type ClusterRecord, toClusterRecord } from '../model/cluster.js';
import { clusterForChange, writeClusterChange } from './change-cluster.js';
import type { RegistryDeps } from './deps.js';
import { parseInput, text } from './input.js';

const returnInput = z.object({ comments: text(5000) });

/** Sends a draft or submitted profile back to its managers with comments: the coordinator's or secretariat's call. */
export async function returnCluster(
  deps: RegistryDeps,
  caller: Caller,
  id: string,
  comments: unknown,
  expectedVersion?: number | null,
): Promise<ClusterRecord> {
  const { current, privilege } = await clusterForChange(deps, caller, {
    id,
    expectedVersion,
    action: 'return this cluster',
    privilegeOf: (c, cluster) => economyPrivilege(c, cluster.economyCode),
    from: ['draft', 'submitted'],
  });
  const v = parseInput(returnInput, { comments });
  const lastReturn = { comments: v.comments, returnedAt: new Date(), returnedBy: caller.subject };
  const next: ClusterDocument = { ...current, status: 'returned', lastReturn, version: current.version + 1 };
  const event = clusterReturned(next, actorOf(caller, privilege));
  await writeClusterChange(deps, current, next, { status: 'returned', lastReturn }, event);
  return toClusterRecord(next);
}
