import { waitFor } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { follow, type GatewayHandle, newCluster, type SubscriptionHarness, startSubscriptionHarness } from './subscriptions-harness.js';

const CHANGES = `subscription Changes($filter: ClusterChangeFilter, $after: String) {
  clusterChanged(filter: $filter, after: $after) {
    cursor eventId type clusterId sequence status economyCode
    cluster { id name(locale: "en") status readBy }
  }
}`;

let h: SubscriptionHarness;
let gw: GatewayHandle;

beforeAll(async () => {
  h = await startSubscriptionHarness();
  gw = await h.startGateway();
});

afterAll(async () => {
  await h?.stop();
});

const codeOf = (err: unknown) => (Array.isArray(err) ? err[0]?.extensions?.code : undefined);
const idsOf = (results: { data: { clusterChanged: { eventId: string } } }[]) => results.map((r) => r.data.clusterChanged.eventId);
/** Kafka orders events per partition (per cluster), not across them: the same events, each cluster's in order. */
function expectSameEvents(results: { data: { clusterChanged: { eventId: string; clusterId: string } } }[], events: { id: string; subject?: string }[]) {
  expect([...idsOf(results)].sort()).toEqual(events.map((e) => e.id).sort());
  const perCluster = (pairs: [string, string][]) => {
    const byCluster: Record<string, string[]> = {};
    for (const [cluster, id] of pairs) byCluster[cluster] = [...(byCluster[cluster] ?? []), id];
    return byCluster;
  };
  expect(perCluster(results.map((r) => [r.data.clusterChanged.clusterId, r.data.clusterChanged.eventId]))).toEqual(
    perCluster(events.map((e) => [e.subject as string, e.id])),
  );
}

describe('clusterChanged over graphql-ws', () => {
  it('When events are published, then a subscriber gets the matching ones with the cluster read through the graph', async () => {
    const pe = newCluster({ economy: 'PE' });
    const cl = newCluster({ economy: 'CL' });
    const sub = follow(h.wsClient(gw), CHANGES, { filter: { economies: ['PE'], types: ['UPDATED'] } });
    await new Promise((r) => setTimeout(r, 300));
    await h.publishCluster('updated', cl);
    const wanted = await h.publishCluster('updated', pe);
    await h.publishCluster('published', pe);
    await waitFor(() => (sub.results.length >= 1 ? true : undefined), { what: 'the PE update' });
    await new Promise((r) => setTimeout(r, 500));
    expect(sub.results).toHaveLength(1);
    const change = sub.results[0].data.clusterChanged;
    expect(change).toMatchObject({
      eventId: wanted.id,
      type: 'UPDATED',
      clusterId: pe.id,
      sequence: wanted.sequence,
      status: 'PUBLISHED',
      economyCode: 'PE',
      // name(locale:) shows the field's arguments reach the subgraph.
      cluster: { id: pe.id, name: `${pe.name} (en)`, status: 'PUBLISHED', readBy: 'anonymous' },
    });
    expect(change.cursor).toMatch(/^c1\./);
    sub.stop();
  });

  it('When a draft changes, then visitors do not see it and the secretariat does', async () => {
    const draft = newCluster({ status: 'draft' });
    const token = await h.accounts.accessToken('user-bo', [{ role: 'secretariat' }]);
    const filter = { clusterIds: [draft.id] };
    const anonymous = follow(h.wsClient(gw), CHANGES, { filter });
    const secretariat = follow(h.wsClient(gw, { authorization: `Bearer ${token}` }), CHANGES, { filter });
    await new Promise((r) => setTimeout(r, 300));
    await h.publishCluster('registered', draft);
    const published = await h.publishCluster('published', { ...draft, status: 'published' });
    await waitFor(() => (secretariat.results.length >= 2 && anonymous.results.length >= 1 ? true : undefined), {
      what: 'both subscribers',
    });
    expect(anonymous.results.map((r) => r.data.clusterChanged.type)).toEqual(['PUBLISHED']);
    expect(anonymous.results[0].data.clusterChanged.eventId).toBe(published.id);
    expect(secretariat.results.map((r) => r.data.clusterChanged.type)).toEqual(['REGISTERED', 'PUBLISHED']);
    expect(secretariat.results[0].data.clusterChanged.cluster).toMatchObject({ id: draft.id, readBy: 'user-bo' });
    anonymous.stop();
    secretariat.stop();
  });

  it('When a subscriber reconnects with its last cursor, then it gets exactly the events it missed, then live ones', async () => {
    const clusters = [newCluster(), newCluster(), newCluster()];
    const filter = { clusterIds: clusters.map((c) => c.id) };
    const first = follow(h.wsClient(gw), CHANGES, { filter });
    await new Promise((r) => setTimeout(r, 300));
    const before = [await h.publishCluster('updated', clusters[0]!), await h.publishCluster('updated', clusters[1]!)];
    await waitFor(() => (first.results.length >= 2 ? true : undefined), { what: 'the first two' });
    first.stop();
    const cursor = first.results[1].data.clusterChanged.cursor;
    const missed = [];
    for (const c of clusters) missed.push(await h.publishCluster('updated', c));

    const resumed = follow(h.wsClient(gw), CHANGES, { filter, after: cursor });
    await waitFor(() => (resumed.results.length >= 3 ? true : undefined), { what: 'the missed events' });
    const live = await h.publishCluster('archived', { ...clusters[2]!, status: 'archived' });
    await waitFor(() => (resumed.results.length >= 4 ? true : undefined), { what: 'the live event' });
    await new Promise((r) => setTimeout(r, 300));
    expectSameEvents(first.results, before);
    expectSameEvents(resumed.results.slice(0, 3), missed);
    expect(resumed.results[3].data.clusterChanged.eventId).toBe(live.id);
    // An archived cluster is no longer readable by a visitor, but its archiving is delivered.
    expect(resumed.results[3].data.clusterChanged).toMatchObject({ type: 'ARCHIVED', status: 'ARCHIVED', cluster: null });
    resumed.stop();
  });

  it('When a fresh gateway starts after the events, then resuming there with a cursor gets exactly the missed events', async () => {
    const clusters = [newCluster(), newCluster()];
    const filter = { clusterIds: clusters.map((c) => c.id) };
    const first = follow(h.wsClient(gw), CHANGES, { filter });
    await new Promise((r) => setTimeout(r, 300));
    await h.publishCluster('updated', clusters[0]!);
    await waitFor(() => (first.results.length >= 1 ? true : undefined), { what: 'the first event' });
    first.stop();
    const missed = [await h.publishCluster('updated', clusters[1]!), await h.publishCluster('updated', clusters[0]!)];
    const second = await h.startGateway();
    const resumed = follow(h.wsClient(second), CHANGES, { filter, after: first.results[0].data.clusterChanged.cursor });
    await waitFor(() => (resumed.results.length >= 2 ? true : undefined), { what: 'the missed events on the second gateway' });
    await new Promise((r) => setTimeout(r, 500));
    expectSameEvents(resumed.results, missed);
    resumed.stop();
    await second.stop();
  });

  it('When the cursor is malformed, of another stream or older than the replay buffer, then the subscription is refused', async () => {
    const malformed = follow(h.wsClient(gw), CHANGES, { after: 'c1.nope' });
    const kpiCursor = await new Promise<string>((resolve) => {
      const cursor = gw.gateway.subscriptions?.hub.positionOf;
      expect(cursor).toBeDefined();
      resolve(`c1.${Buffer.from(JSON.stringify({ t: 'h1.ccp.economies.kpi.v1', o: [0, 0, 0, 0, 0, 0] })).toString('base64url')}`);
    });
    const otherStream = follow(h.wsClient(gw), CHANGES, { after: kpiCursor });
    await waitFor(() => (malformed.error && otherStream.error ? true : undefined), { what: 'both refusals' });
    expect(malformed.error).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }) })]);
    expect(codeOf(otherStream.error)).toBe('BAD_USER_INPUT');

    // Three changes of one cluster land in one partition; a gateway replaying one event per partition cannot go back to the first.
    const cluster = newCluster();
    const first = follow(h.wsClient(gw), CHANGES, { filter: { clusterIds: [cluster.id] } });
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 3; i++) await h.publishCluster('updated', cluster);
    await waitFor(() => (first.results.length >= 3 ? true : undefined), { what: 'three changes' });
    first.stop();
    const small = await h.startGateway({ SUBSCRIPTION_REPLAY_PER_PARTITION: '1' });
    const expired = follow(h.wsClient(small), CHANGES, { after: first.results[0].data.clusterChanged.cursor });
    const recent = follow(h.wsClient(small), CHANGES, { filter: { clusterIds: [cluster.id] }, after: first.results[1].data.clusterChanged.cursor });
    await waitFor(() => (expired.error && recent.results.length >= 1 ? true : undefined), { what: 'the expired cursor refused' });
    expect(codeOf(expired.error)).toBe('CURSOR_EXPIRED');
    expect(idsOf(recent.results)).toEqual([first.results[2].data.clusterChanged.eventId]);
    recent.stop();
    await small.stop();
  });

  it('When a filter names an unknown economy, then BAD_USER_INPUT names the field', async () => {
    const sub = follow(h.wsClient(gw), CHANGES, { filter: { economies: ['PE', 'XX'] } });
    await waitFor(() => (sub.error ? true : undefined), { what: 'the refusal' });
    expect(sub.error).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'filter.economies[1]' }) }),
    ]);
  });
});
