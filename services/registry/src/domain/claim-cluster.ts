import { randomUUID } from 'node:crypto';
import {
  type Caller,
  conflictError,
  invalidStateError,
  managesCluster,
  notFoundError,
  requireSignedIn,
} from '@ccp/kit';
import { z } from 'zod';
import { claimRequested } from '../events/notifications.js';
import type { ClusterDocument, ClusterOrigin } from '../model/cluster.js';
import {
  type ClusterClaimDocument,
  type ClusterClaimRecord,
  pendingKeyOf,
  toClusterClaimRecord,
} from '../model/cluster-claim.js';
import { clusterRef } from './change-cluster.js';
import type { RegistryDeps } from './deps.js';
import { clusterId, LIMITS, parseInput, text } from './input.js';
import { isReadable } from './read-cluster.js';

/** Imported and seeded clusters came without a manager: until a claim is approved, anyone signed in may ask. */
export const isClaimable = (cluster: { origin?: ClusterOrigin | null; claimedAt?: Date | null }) =>
  (cluster.origin === 'imported' || cluster.origin === 'seeded') && !cluster.claimedAt;

const claimInput = z.object({ clusterId, message: text(LIMITS.short) });

/**
 * A signed-in user asks to manage an imported or seeded cluster; its economy's coordinators are told. One
 * pending claim per user and cluster: the unique pending key settles a race between two requests.
 */
export async function claimCluster(
  deps: RegistryDeps,
  caller: Caller,
  input: { clusterId: unknown; message: unknown },
): Promise<ClusterClaimRecord> {
  requireSignedIn(caller, 'claim a cluster');
  const v = parseInput(claimInput, input);
  const cluster = await deps.clusters.findById(v.clusterId).lean<ClusterDocument>();
  // Unpublished profiles are hidden from those not privileged on them (Query.cluster): they do not exist here either.
  if (!cluster || !isReadable(caller, { ...clusterRef(cluster), status: cluster.status })) {
    throw notFoundError('Cluster', v.clusterId);
  }
  if (cluster.status === 'archived') {
    throw invalidStateError(`Cluster ${cluster._id} is archived and cannot be claimed`, {
      field: 'clusterId',
      status: cluster.status,
    });
  }
  if (!isClaimable(cluster)) {
    throw invalidStateError(`Cluster ${cluster._id} already has its managers; it cannot be claimed`, {
      field: 'clusterId',
    });
  }
  if (managesCluster(caller, cluster._id)) {
    throw invalidStateError(`You already manage cluster ${cluster._id}`, { field: 'clusterId' });
  }
  const id = randomUUID();
  const event = claimRequested(cluster, v.message);
  deps.validator.assertValid(event);
  const doc: ClusterClaimDocument = {
    _id: id,
    clusterId: cluster._id,
    economyCode: cluster.economyCode,
    userId: caller.subject,
    message: v.message,
    status: 'pending',
    pendingKey: pendingKeyOf(cluster._id, caller.subject),
    createdAt: new Date(),
    decidedAt: null,
    decidedBy: null,
    decidedRole: null,
    reason: null,
    version: 1,
    outbox: [event],
  };
  try {
    await deps.claims.claimModel.collection.insertOne(doc as never);
  } catch (err) {
    if ((err as { code?: number }).code === 11000) {
      throw conflictError(`You already have a pending claim on cluster ${cluster._id}`, {
        field: 'clusterId',
      });
    }
    throw err;
  }
  await deps.claims.claimRelay.flush(id).catch(() => {});
  return toClusterClaimRecord(doc);
}
