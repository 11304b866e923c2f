import { testLogger, waitFor } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { STREAMS } from '../src/subscriptions/streams.js';
import { faultyKafka } from './kafka-faults.js';
import { follow, type GatewayHandle, newCluster, type SubscriptionHarness, startSubscriptionHarness } from './subscriptions-harness.js';

// The subscription hub's life with the real broker: starting, failing to start, and losing Kafka while serving.
const CHANGES = `subscription Changes($filter: ClusterChangeFilter, $after: String) {
  clusterChanged(filter: $filter, after: $after) { cursor eventId type clusterId cluster { id name } }
}`;
const QUICK_RESTART = { SUBSCRIPTION_RESTART_MS: '300' };
const clusterStream = STREAMS.find((s) => s.field === 'clusterChanged')!;

let h: SubscriptionHarness;

beforeAll(async () => {
  h = await startSubscriptionHarness();
});

afterAll(async () => {
  await h?.stop();
});

async function readiness(handle: GatewayHandle) {
  const res = await fetch(`${handle.url}/ready`);
  return { status: res.status, body: (await res.json()) as { status: string; subscriptions?: string } };
}

// biome-ignore lint/suspicious/noExplicitAny: graphql-ws hands the operation's errors as an array
const codeOf = (err: any) => (Array.isArray(err) ? err[0]?.extensions?.code : undefined);

/** A change published now reaches the subscriber; then both end. */
async function expectServed(gw: GatewayHandle, sub: ReturnType<typeof follow>, cluster: ReturnType<typeof newCluster>) {
  const event = await h.publishCluster('updated', cluster);
  await waitFor(() => (sub.results.length === 1 ? true : undefined), { what: 'the event' });
  expect(sub.results[0].data.clusterChanged.eventId).toBe(event.id);
  sub.stop();
  await gw.stop();
}

describe('the subscription hub starting', () => {
  it('When the hub is still starting, then /ready says not ready and a subscription waits for it, getting what happened meanwhile', async () => {
    const faults = faultyKafka();
    faults.slow(1000);
    const gw = await h.startGateway({}, { kafka: faults.kafka, waitReady: false });
    const hub = gw.gateway.subscriptions?.hub;
    expect(hub?.state).toBe('starting');
    expect(await readiness(gw)).toEqual({ status: 503, body: expect.objectContaining({ status: 'not ready', subscriptions: 'starting' }) });
    await waitFor(() => (hub?.positionWhileStarting(clusterStream)?.length ? true : undefined), { what: 'the topic ends read' });

    const cluster = newCluster();
    const sub = follow(h.wsClient(gw), CHANGES, { filter: { clusterIds: [cluster.id] } });
    await waitFor(() => (gw.gateway.subscriptions?.engine.waitingForHub === 1 ? true : undefined), { what: 'the subscription waiting' });
    const meanwhile = await h.publishCluster('updated', cluster);
    // Published while the hub still starts (its connections are slowed): the waiting subscriber must get it.
    expect(hub?.state).toBe('starting');
    await waitFor(() => (gw.gateway.subscriptions?.engine.subscriptions === 1 ? true : undefined), {
      what: 'the subscription to be served',
      timeoutMs: 30_000,
    });
    expect(sub.error).toBeUndefined();
    await waitFor(() => (sub.results.length === 1 ? true : undefined), { what: 'the event published while it started' });
    expect(sub.results[0].data.clusterChanged.eventId).toBe(meanwhile.id);
    expect(await readiness(gw)).toEqual({ status: 200, body: expect.objectContaining({ status: 'ready', subscriptions: 'ready' }) });
    sub.results.length = 0;

    await expectServed(gw, sub, cluster);
  }, 60_000);

  it('When the hub cannot reach Kafka, then subscribers waiting for it end with SERVICE_UNAVAILABLE, and once Kafka is back it serves', async () => {
    const faults = faultyKafka();
    faults.cut();
    const logger = testLogger();
    const errors = vi.spyOn(logger, 'error');
    const gw = await h.startGateway(QUICK_RESTART, { kafka: faults.kafka, logger, waitReady: false });
    const cluster = newCluster();
    const waiting = follow(h.wsClient(gw), CHANGES, { filter: { clusterIds: [cluster.id] } });
    // The same over SSE: the whole answer is one `next` with the error, then `complete`.
    const sse = fetch(`${gw.url}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: CHANGES, variables: { filter: { clusterIds: [cluster.id] } } }),
      signal: AbortSignal.timeout(20_000),
    }).then((res) => res.text());
    await waitFor(() => (waiting.error ? true : undefined), { what: 'the waiting subscriber to be failed', timeoutMs: 20_000 });
    expect(codeOf(waiting.error)).toBe('SERVICE_UNAVAILABLE');
    const answer = await sse;
    expect(answer).toMatch(/event: next\ndata: .*"code":"SERVICE_UNAVAILABLE"/);
    expect(answer).toMatch(/event: complete\n/);
    expect((await readiness(gw)).status).toBe(503);
    expect(errors.mock.calls.some(([, message]) => message === 'subscription hub could not start; retrying')).toBe(true);

    faults.heal();
    await waitFor(async () => ((await readiness(gw)).status === 200 ? true : undefined), { what: '/ready', timeoutMs: 30_000 });
    const sub = follow(h.wsClient(gw), CHANGES, { filter: { clusterIds: [cluster.id] } });
    await waitFor(() => (gw.gateway.subscriptions?.engine.subscriptions === 1 ? true : undefined), { what: 'the subscription' });
    await expectServed(gw, sub, cluster);
  }, 90_000);
});

describe('the subscription hub losing Kafka', () => {
  it('When the consumer crashes, then it is logged, /ready turns false, subscribers end with SERVICE_UNAVAILABLE, and resuming by cursor after the restart gets exactly the missed events', async () => {
    const faults = faultyKafka();
    const logger = testLogger();
    const errors = vi.spyOn(logger, 'error');
    const gw = await h.startGateway(QUICK_RESTART, { kafka: faults.kafka, logger });
    const cluster = newCluster();
    const filter = { clusterIds: [cluster.id] };
    const sub = follow(h.wsClient(gw), CHANGES, { filter });
    await waitFor(() => (gw.gateway.subscriptions?.engine.subscriptions === 1 ? true : undefined), { what: 'the subscription' });
    await h.publishCluster('updated', cluster);
    await waitFor(() => (sub.results.length === 1 ? true : undefined), { what: 'the first event' });
    const cursor = sub.results[0].data.clusterChanged.cursor as string;

    faults.cut();
    await waitFor(() => (sub.error ? true : undefined), { what: 'the subscriber to be failed', timeoutMs: 30_000 });
    expect(codeOf(sub.error)).toBe('SERVICE_UNAVAILABLE');
    expect(errors.mock.calls.some(([, message]) => message === 'subscription hub consumer crashed')).toBe(true);
    expect(await readiness(gw)).toEqual({ status: 503, body: expect.objectContaining({ subscriptions: 'starting' }) });
    // Published by the harness's own (healthy) producer while this gateway is cut off.
    const missed = [await h.publishCluster('updated', cluster), await h.publishCluster('archived', { ...cluster, status: 'archived' })];

    faults.heal();
    await waitFor(async () => ((await readiness(gw)).status === 200 ? true : undefined), { what: '/ready again', timeoutMs: 30_000 });
    const resumed = follow(h.wsClient(gw), CHANGES, { filter, after: cursor });
    await waitFor(() => (resumed.results.length === 2 ? true : undefined), { what: 'the missed events' });
    const live = await h.publishCluster('updated', cluster);
    await waitFor(() => (resumed.results.length === 3 ? true : undefined), { what: 'the live event' });
    expect(resumed.results.map((r) => r.data.clusterChanged.eventId)).toEqual([...missed.map((e) => e.id), live.id]);
    expect(resumed.error).toBeUndefined();
    resumed.stop();
    await gw.stop();
  }, 90_000);
});
