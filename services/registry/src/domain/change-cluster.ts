import {
  type Caller,
  type CloudEvent,
  invalidStateError,
  notFoundError,
  type Privilege,
  requirePrivilege,
  requireSignedIn,
} from '@ccp/kit';
import { z } from 'zod';
import {
  type ClusterDocument,
  type ClusterStatus,
  HISTORY_LIMIT,
  type HistoryEntry,
  toClusterRecord,
} from '../model/cluster.js';
import type { RegistryDeps } from './deps.js';
import { clusterId, expectedVersion, parseInput } from './input.js';

export interface ClusterChange {
  id: string;
  expectedVersion?: number | null;
  /** What the caller is doing, for the error messages ("publish this cluster"). */
  action: string;
  /** The rule: the privilege the caller holds on this cluster for the action, or null. */
  privilegeOf(caller: Caller, cluster: ClusterDocument): Privilege | null;
  /** The statuses the change may start from. */
  from: readonly ClusterStatus[];
}

const changeTarget = z.object({ id: clusterId, expectedVersion });

/**
 * Reads the cluster a change is about and checks, in this order, that the caller is signed in, the cluster
 * exists, the caller holds the privilege, the version is the expected one and the status allows it — so a
 * caller without the privilege learns nothing of the version or status.
 */
export async function clusterForChange(
  deps: RegistryDeps,
  caller: Caller,
  change: ClusterChange,
): Promise<{ current: ClusterDocument; privilege: Privilege }> {
  requireSignedIn(caller, change.action);
  const target = parseInput(changeTarget, { id: change.id, expectedVersion: change.expectedVersion });
  const current = await deps.clusters.findById(target.id).lean<ClusterDocument>();
  if (!current) throw notFoundError('Cluster', target.id);
  const privilege = requirePrivilege(caller, change.privilegeOf(caller, current), change.action);
  if (target.expectedVersion != null && target.expectedVersion !== current.version) {
    throw invalidStateError(
      `Cluster ${current._id} is at version ${current.version}, not ${target.expectedVersion}`,
      {
        field: 'expectedVersion',
        currentVersion: current.version,
      },
    );
  }
  if (!change.from.includes(current.status)) {
    throw invalidStateError(
      `Cannot ${change.action} while it is ${current.status}; it must be ${change.from.join(' or ')}`,
      { field: 'id', status: current.status },
    );
  }
  return { current, privilege };
}

/**
 * Writes the changed fields, the next version, the change's history line and its event in one update
 * guarded by the version read (the history keeps the last HISTORY_LIMIT lines), then hands the event to the
 * relay; `next.history` becomes what was written. Nothing is written when the cluster changed meanwhile.
 */
export async function writeClusterChange(
  deps: Pick<RegistryDeps, 'clusters' | 'validator' | 'readModel' | 'relay'>,
  current: ClusterDocument,
  next: ClusterDocument,
  set: Partial<ClusterDocument>,
  event: CloudEvent,
  action: HistoryEntry['action'] = historyAction(event),
): Promise<void> {
  deps.validator.assertValid(event);
  const history = [...(current.history ?? []), historyEntry(event, action)].slice(-HISTORY_LIMIT);
  const res = await deps.clusters.updateOne(
    // A stale-profile reminder adds to the outbox without a version bump: never overwrite one written meanwhile.
    { _id: current._id, version: current.version, staleReminderAt: current.staleReminderAt ?? null },
    { $set: { ...set, history, version: next.version, outbox: [...(current.outbox ?? []), event] } },
  );
  if (res.matchedCount !== 1) {
    throw invalidStateError(`Cluster ${current._id} changed meanwhile; read it again and retry`, {
      field: 'id',
    });
  }
  next.history = history;
  deps.readModel.put(toClusterRecord(next));
  await deps.relay.flush(current._id).catch(() => {});
}

/** `ccp.registry.cluster.published.v1` → `published`. */
const historyAction = (event: CloudEvent) => event.type.split('.')[3] as HistoryEntry['action'];

/** The history line of a change, from its event: the same who, what and when. */
export function historyEntry(
  event: CloudEvent,
  action: HistoryEntry['action'] = historyAction(event),
): HistoryEntry {
  const changed = (event.data as { changedFields?: string[] }).changedFields;
  return {
    at: new Date(event.time),
    actor: String(event.actor ?? 'system'),
    actorRole: String(event.actorrole ?? 'system'),
    action,
    changedFields: changed ?? [],
  };
}

/** The kit's rules take a cluster as `{ id, economy }`. */
export const clusterRef = (c: ClusterDocument) => ({ id: c._id, economy: c.economyCode });
