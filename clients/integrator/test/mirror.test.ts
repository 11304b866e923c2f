import { describe, expect, it } from 'vitest';
import { applyChange, applyChanges, type ClusterChangeEvent, type MirroredCluster, mirrorFromSnapshot } from '../src/mirror.js';

const cluster = (id: string, version: number, status = 'PUBLISHED', name = `Cluster ${id}`): MirroredCluster => ({
  id,
  version,
  status,
  name,
});

let position = 0;
const change = (clusterId: string, sequence: number, payload: MirroredCluster | null, status = payload?.status ?? 'ARCHIVED') =>
  ({
    cursor: `c1.${++position}`,
    eventId: `${clusterId}-${sequence}`,
    type: 'UPDATED',
    clusterId,
    sequence,
    status,
    cluster: payload,
  }) satisfies ClusterChangeEvent;

describe('the mirror of published clusters', () => {
  it('When a snapshot holds drafts beside published clusters, then only the published ones are mirrored, with no cursor yet', () => {
    const state = mirrorFromSnapshot([cluster('a', 3), cluster('b', 1, 'DRAFT'), cluster('c', 2)]);
    expect(Object.keys(state.clusters).sort()).toEqual(['a', 'c']);
    expect(state.cursor).toBeNull();
  });

  it('When changes arrive in order, then each one newer than the mirror is applied and the cursor follows the last', () => {
    const state = mirrorFromSnapshot([cluster('a', 1)]);
    const counts = applyChanges(state, [change('a', 2, cluster('a', 2, 'PUBLISHED', 'Renamed')), change('b', 1, cluster('b', 1))]);
    expect(counts).toEqual({ upserted: 2, removed: 0, stale: 0 });
    expect(state.clusters.a?.name).toBe('Renamed');
    expect(state.clusters.b?.version).toBe(1);
    expect(state.cursor).toBe(`c1.${position}`);
  });

  it('When a change is delivered twice or is older than the snapshot, then it is skipped but the cursor still moves past it', () => {
    const state = mirrorFromSnapshot([cluster('a', 5, 'PUBLISHED', 'Current')]);
    const older = change('a', 4, cluster('a', 4, 'PUBLISHED', 'Old'));
    expect(applyChange(state, older)).toBe('stale');
    const newer = change('a', 6, cluster('a', 6, 'PUBLISHED', 'New'));
    expect(applyChange(state, newer)).toBe('upserted');
    expect(applyChange(state, { ...newer, cursor: 'c1.dup' })).toBe('stale');
    expect(state.clusters.a).toEqual(cluster('a', 6, 'PUBLISHED', 'New'));
    expect(state.cursor).toBe('c1.dup');
  });

  it('When a cluster is archived, then it leaves the mirror and a late duplicate of its publication does not bring it back', () => {
    const state = mirrorFromSnapshot([cluster('a', 2)]);
    expect(applyChange(state, change('a', 3, null, 'ARCHIVED'))).toBe('removed');
    expect(state.clusters.a).toBeUndefined();
    expect(applyChange(state, change('a', 2, cluster('a', 2)))).toBe('stale');
    expect(state.clusters.a).toBeUndefined();
  });

  it('When an archived cluster is published again, then its newer change brings it back', () => {
    const state = mirrorFromSnapshot([]);
    applyChange(state, change('a', 3, null, 'ARCHIVED'));
    expect(applyChange(state, change('a', 4, cluster('a', 4)))).toBe('upserted');
    expect(state.clusters.a?.version).toBe(4);
    expect(state.removed.a).toBeUndefined();
  });

  it('When a payload read at delivery is newer than its event, then the mirror keeps the newer version and skips the changes it already holds', () => {
    const state = mirrorFromSnapshot([cluster('a', 1)]);
    expect(applyChange(state, change('a', 2, cluster('a', 4, 'PUBLISHED', 'Latest')))).toBe('upserted');
    expect(applyChange(state, change('a', 3, cluster('a', 4, 'PUBLISHED', 'Latest')))).toBe('stale');
    expect(applyChange(state, change('a', 4, cluster('a', 4, 'PUBLISHED', 'Latest')))).toBe('stale');
    expect(state.clusters.a?.version).toBe(4);
  });

  it('When a published event arrives but the cluster was archived before delivery (null payload), then it is removed', () => {
    const state = mirrorFromSnapshot([cluster('a', 1)]);
    expect(applyChange(state, change('a', 2, null, 'PUBLISHED'))).toBe('removed');
    expect(state.clusters.a).toBeUndefined();
  });

  it('When a privileged subscriber gets a draft payload, then the draft is not mirrored', () => {
    const state = mirrorFromSnapshot([cluster('a', 1)]);
    expect(applyChange(state, change('a', 2, cluster('a', 2, 'RETURNED')))).toBe('removed');
    expect(applyChange(state, change('b', 1, cluster('b', 1, 'DRAFT')))).toBe('removed');
    expect(state.clusters).toEqual({});
  });
});
