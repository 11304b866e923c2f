import type { Actor, CloudEvent } from '@ccp/kit';
import type { ClusterDocument } from '../model/cluster.js';
import { clusterEvent } from './cluster-events.js';

export const CLUSTER_CLAIMED = 'ccp.registry.cluster.claimed.v1';

/** accounts makes `userId` a manager of the cluster; the sequence is the cluster's version after the claim. */
export function clusterClaimed(c: ClusterDocument, actor: Actor, claimId: string): CloudEvent {
  const claimedAt = c.claimedAt ?? new Date();
  return clusterEvent(
    c,
    CLUSTER_CLAIMED,
    actor,
    { userId: c.claimedBy, claimId, claimedAt: claimedAt.toISOString() },
    claimedAt,
  );
}
