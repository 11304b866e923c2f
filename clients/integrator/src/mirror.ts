/** The fields the mirror keeps of every published cluster (the catch-up query and the subscription select the same). */
export const CLUSTER_FIELDS = `id version status slug name names { en ru } economyCode region specializations
  location { lat lng } website updatedAt publishedAt`;

export interface MirroredCluster {
  id: string;
  version: number;
  status: string;
  [field: string]: unknown;
}

/** What the mirror file holds: the published clusters, the versions it has seen, and where to resume. */
export interface MirrorState {
  /** The cursor of the last change applied; null before the first one (a snapshot alone has no cursor). */
  cursor: string | null;
  clusters: Record<string, MirroredCluster>;
  /**
   * The newest version seen of every cluster that is not in `clusters` (archived, returned, or never
   * visible): a late duplicate of an older change must not bring it back.
   */
  removed: Record<string, number>;
}

/** One `clusterChanged` event as the mirror reads it. */
export interface ClusterChangeEvent {
  cursor: string;
  eventId: string;
  type: string;
  clusterId: string;
  sequence: number;
  status: string;
  cluster: MirroredCluster | null;
}

export type ChangeOutcome = 'upserted' | 'removed' | 'stale';

export const emptyMirror = (): MirrorState => ({ cursor: null, clusters: {}, removed: {} });

/** The newest version of a cluster the mirror knows, kept or removed; 0 when it never saw it. */
export function knownVersion(state: MirrorState, clusterId: string): number {
  return state.clusters[clusterId]?.version ?? state.removed[clusterId] ?? 0;
}

/** A fresh mirror from a full catch-up query: what the platform publishes now, no cursor yet. */
export function mirrorFromSnapshot(clusters: readonly MirroredCluster[]): MirrorState {
  const state = emptyMirror();
  for (const cluster of clusters) {
    if (cluster.status === 'PUBLISHED') state.clusters[cluster.id] = cluster;
  }
  return state;
}

/**
 * Applies one change in place and moves the cursor past it. A change not newer than the version the mirror
 * holds is a duplicate or a stale replay and is skipped. Otherwise the payload decides, because it is read
 * when the event is delivered (it may already be newer than the event): a published cluster is kept, and
 * a null payload or any other status removes it.
 */
export function applyChange(state: MirrorState, event: ClusterChangeEvent): ChangeOutcome {
  state.cursor = event.cursor;
  if (event.sequence <= knownVersion(state, event.clusterId)) return 'stale';
  const payload = event.cluster;
  if (payload && payload.id === event.clusterId && payload.status === 'PUBLISHED') {
    state.clusters[event.clusterId] = { ...payload, version: Math.max(payload.version, event.sequence) };
    delete state.removed[event.clusterId];
    return 'upserted';
  }
  delete state.clusters[event.clusterId];
  state.removed[event.clusterId] = Math.max(payload?.version ?? 0, event.sequence);
  return 'removed';
}

/** Applies changes in order; counts what each did. */
export function applyChanges(state: MirrorState, events: readonly ClusterChangeEvent[]): Record<ChangeOutcome, number> {
  const counts = { upserted: 0, removed: 0, stale: 0 };
  for (const event of events) counts[applyChange(state, event)] += 1;
  return counts;
}
