import { ANONYMOUS, type Caller, type CloudEvent } from '@ccp/kit';
import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  type ClusterEventData,
  checkClusterChangeFilter,
  matchesClusterChange,
  mayFollow,
} from '../src/subscriptions/cluster-filter.js';

function clusterEvent(verb: string, data: Partial<ClusterEventData> = {}): CloudEvent<ClusterEventData> {
  return {
    specversion: '1.0',
    id: 'e1',
    source: '/ccp/registry',
    type: `ccp.registry.cluster.${verb}.v1`,
    subject: 'c1',
    time: '2026-12-06T00:00:00Z',
    datacontenttype: 'application/json',
    dataschema: 'x',
    sequence: 2,
    economy: 'JP',
    data: { clusterId: 'c1', economy: 'JP', status: 'published', specializations: ['aerospace.space'], ...data },
  };
}

const coordinatorOf = (economy: string): Caller => ({
  subject: 'u1',
  kind: 'user',
  grants: [{ role: 'economy-coordinator', economy }],
});

describe('clusterChanged filters and visibility', () => {
  it('When no filter is given, then every change matches', () => {
    expect(matchesClusterChange(undefined, clusterEvent('updated'))).toBe(true);
    expect(matchesClusterChange({ economies: [], types: null }, clusterEvent('updated'))).toBe(true);
  });

  it('When a filter names economies, cluster ids or types, then only such changes match', () => {
    expect(matchesClusterChange({ economies: ['JP', 'KR'] }, clusterEvent('updated'))).toBe(true);
    expect(matchesClusterChange({ economies: ['KR'] }, clusterEvent('updated'))).toBe(false);
    expect(matchesClusterChange({ clusterIds: ['c2'] }, clusterEvent('updated'))).toBe(false);
    expect(matchesClusterChange({ types: ['PUBLISHED', 'ARCHIVED'] }, clusterEvent('archived'))).toBe(true);
    expect(matchesClusterChange({ types: ['PUBLISHED'] }, clusterEvent('updated'))).toBe(false);
  });

  it('When a filter names a parent specialization, then clusters of its children match', () => {
    expect(matchesClusterChange({ specializations: ['aerospace'] }, clusterEvent('updated'))).toBe(true);
    expect(matchesClusterChange({ specializations: ['automotive'] }, clusterEvent('updated'))).toBe(false);
  });

  it('When a filter has unknown codes, then BAD_USER_INPUT names each field at fault', () => {
    try {
      checkClusterChangeFilter({ economies: ['JP', 'XX'], specializations: ['nope'] });
      expect.unreachable('accepted unknown codes');
    } catch (err) {
      const { extensions } = err as GraphQLError;
      expect(extensions.code).toBe('BAD_USER_INPUT');
      expect(extensions.field).toBe('filter.economies[1]');
      expect((extensions.problems as { field: string }[]).map((p) => p.field)).toEqual([
        'filter.economies[1]',
        'filter.specializations[0]',
      ]);
    }
    expect(() => checkClusterChangeFilter({ economies: ['JP'], specializations: ['aerospace'] })).not.toThrow();
  });

  it('When a cluster is a draft, then a visitor does not follow it but its economy’s coordinator does', () => {
    const draft = clusterEvent('updated', { status: 'draft' }).data;
    expect(mayFollow(ANONYMOUS, draft)).toBe(false);
    expect(mayFollow(coordinatorOf('KR'), draft)).toBe(false);
    expect(mayFollow(coordinatorOf('JP'), draft)).toBe(true);
  });

  it('When a cluster is published or archived, then everyone follows the change', () => {
    expect(mayFollow(ANONYMOUS, clusterEvent('published').data)).toBe(true);
    expect(mayFollow(ANONYMOUS, clusterEvent('archived', { status: 'archived' }).data)).toBe(true);
  });
});
