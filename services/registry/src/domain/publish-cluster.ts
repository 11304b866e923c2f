import { type Caller, invalidStateError, notFoundError } from '@ccp/kit';
import { clusterPublished } from '../events/cluster-events.js';
import { type ClusterDocument, type ClusterRecord, toClusterRecord } from '../model/cluster.js';
import type { RegistryDeps } from './deps.js';

/** Publishes a draft. The status change and its event are one version-guarded update. */
export async function publishCluster(
  deps: RegistryDeps,
  caller: Caller,
  id: string,
  expectedVersion?: number | null,
): Promise<ClusterRecord> {
  const current = await deps.clusters.findById(id).lean<ClusterDocument>();
  if (!current) throw notFoundError('Cluster', id);
  if (expectedVersion != null && expectedVersion !== current.version) {
    throw invalidStateError(`Cluster ${id} is at version ${current.version}, not ${expectedVersion}`, {
      field: 'expectedVersion',
      currentVersion: current.version,
    });
  }
  if (current.status !== 'draft') {
    throw invalidStateError(`Only a draft can be published; cluster ${id} is ${current.status}`, {
      field: 'id',
      status: current.status,
    });
  }
  const next: ClusterDocument = {
    ...current,
    status: 'published',
    publishedAt: new Date(),
    version: current.version + 1,
  };
  const event = clusterPublished(next, caller.subject);
  deps.validator.assertValid(event);
  const res = await deps.clusters.updateOne(
    { _id: id, version: current.version, status: 'draft' },
    {
      $set: {
        status: next.status,
        publishedAt: next.publishedAt,
        version: next.version,
        outbox: [...(current.outbox ?? []), event],
      },
    },
  );
  if (res.matchedCount !== 1) {
    throw invalidStateError(`Cluster ${id} changed while publishing; read it again and retry`, { field: 'id' });
  }
  await deps.relay.flush(id).catch(() => {});
  return toClusterRecord(next);
}
