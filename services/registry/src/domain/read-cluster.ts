import { type Caller, clusterPrivilege, requirePrivilege } from '@ccp/kit';
import type { ClusterRecord, ClusterReturn } from '../model/cluster.js';

/** Return comments are between the reviewers and the managers: no one else reads them. */
export function readLastReturn(caller: Caller, cluster: ClusterRecord): ClusterReturn | null {
  requirePrivilege(
    caller,
    clusterPrivilege(caller, { id: cluster.id, economy: cluster.economyCode }),
    "read this cluster's return comments",
  );
  return cluster.lastReturn;
}
