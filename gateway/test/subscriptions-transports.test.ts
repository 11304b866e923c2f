import { randomUUID } from 'node:crypto';
import { type CloudEvent, makeEvent } from '@ccp/kit';
import { waitFor } from '@ccp/kit/testing';
import { createClient as createSseClient } from 'graphql-sse';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { follow, type GatewayHandle, newCluster, type SubscriptionHarness, startSubscriptionHarness } from './subscriptions-harness.js';

const CHANGES = `subscription Changes($filter: ClusterChangeFilter, $after: String) {
  clusterChanged(filter: $filter, after: $after) { cursor eventId type clusterId cluster { id name } }
}`;

/** Within QUERY_MAX_DEPTH=2, unlike CHANGES. */
const SHALLOW = 'subscription { clusterChanged { eventId } }';

let h: SubscriptionHarness;
let gw: GatewayHandle;

beforeAll(async () => {
  h = await startSubscriptionHarness();
  gw = await h.startGateway();
});

afterAll(async () => {
  await h?.stop();
});

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));
// biome-ignore lint/suspicious/noExplicitAny: tests read whatever the payload carries
const errorOf = (err: any) => (Array.isArray(err) ? err[0] : undefined);

/** A graphql-sse subscription ("distinct connections" mode) collecting its results. */
function sseFollow(handle: GatewayHandle, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const client = createSseClient({ url: `${handle.url}/graphql/stream`, retryAttempts: 0, headers });
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the payload carries
  const results: any[] = [];
  const state = { error: undefined as unknown, completed: false };
  const stop = client.subscribe(
    { query, variables },
    {
      next: (value) => results.push(value),
      error: (err) => {
        state.error = err;
      },
      complete: () => {
        state.completed = true;
      },
    },
  );
  return {
    results,
    state,
    stop: () => {
      stop();
      client.dispose();
    },
  };
}

function offerEvent(over: Record<string, unknown> = {}): CloudEvent {
  const offerId = randomUUID();
  return makeEvent({
    service: 'matchmaking',
    type: 'ccp.matchmaking.offer.published.v1',
    subject: offerId,
    sequence: 1,
    economy: 'PE',
    actor: { subject: randomUUID(), role: 'manager' },
    data: {
      offerId,
      clusterId: randomUUID(),
      economy: 'PE',
      kind: 'project',
      title: { en: 'Partners wanted' },
      description: { en: 'We seek a food-technology cluster.' },
      sectors: ['agrifood', 'agrifood.processing'],
      targetEconomies: ['JP', 'KR'],
      deadline: '2027-09-30',
      status: 'open',
      publishedBy: randomUUID(),
      publishedAt: new Date().toISOString(),
      soughtPartner: { description: { en: 'A cluster' }, memberTypes: ['SME'], specializations: ['agrifood'] },
      ...over,
    },
  }) as CloudEvent;
}

function kpiEvent(economy: string | null, value: number): CloudEvent {
  return makeEvent({
    service: 'economies',
    type: 'ccp.economies.kpi.updated.v1',
    subject: `MEETINGS_HELD:2031:${economy ?? 'APEC'}`,
    sequence: value,
    actor: { subject: 'system', role: 'system' },
    data: { kpi: 'MEETINGS_HELD', year: 2031, economy, value, previousValue: value - 1 },
  }) as CloudEvent;
}

describe('graphql-sse at /graphql/stream', () => {
  it('When events are published, then an SSE subscriber gets them and resumes with a cursor from exactly after it', async () => {
    const cluster = newCluster();
    const filter = { clusterIds: [cluster.id] };
    const first = sseFollow(gw, CHANGES, { filter });
    await settle();
    const events = [await h.publishCluster('updated', cluster), await h.publishCluster('updated', cluster)];
    await waitFor(() => (first.results.length >= 2 ? true : undefined), { what: 'two SSE events' });
    expect(first.results.map((r) => r.data.clusterChanged.eventId)).toEqual(events.map((e) => e.id));
    expect(first.results[0].data.clusterChanged.cluster).toEqual({ id: cluster.id, name: cluster.name });
    first.stop();

    const missed = await h.publishCluster('updated', cluster);
    const resumed = sseFollow(gw, CHANGES, { filter, after: first.results[0].data.clusterChanged.cursor });
    await waitFor(() => (resumed.results.length >= 2 ? true : undefined), { what: 'the resumed SSE events' });
    await settle();
    expect(resumed.results.map((r) => r.data.clusterChanged.eventId)).toEqual([events[1]!.id, missed.id]);
    resumed.stop();
  });

  it('When the cursor is malformed or the credential invalid, then SSE refuses with the typed error', async () => {
    const bad = sseFollow(gw, CHANGES, { after: 'c1.nope' });
    await waitFor(() => (bad.results.length >= 1 ? true : undefined), { what: 'the refusal' });
    expect(bad.results[0].errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    bad.stop();

    const res = await fetch(`${gw.url}/graphql/stream`, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: 'Bearer not-a-token' },
      body: JSON.stringify({ query: CHANGES }),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('cooperationOfferPublished and kpiUpdated', () => {
  it('When offers and KPI figures are published, then filters select them and the federated fields are read', async () => {
    const offers = follow(
      h.wsClient(gw),
      `subscription { cooperationOfferPublished(filter: { kinds: [PROJECT], targetEconomies: ["JP"] }) {
        offerId kind economyCode offer { id title } } }`,
    );
    const apec = follow(h.wsClient(gw), `subscription { kpiUpdated(filter: { economies: ["APEC"], years: [2031] }) { kpi year value economy { code } } }`);
    const peru = follow(h.wsClient(gw), `subscription { kpiUpdated(filter: { economies: ["PE"], years: [2031] }) { value economy { code name } } }`);
    await settle();
    const wanted = offerEvent();
    await h.publishRaw([offerEvent({ kind: 'need' }), offerEvent({ targetEconomies: ['CL'] }), wanted]);
    await h.publishRaw([kpiEvent(null, 7), kpiEvent('PE', 3)]);
    await waitFor(() => (offers.results.length && apec.results.length && peru.results.length ? true : undefined), {
      what: 'an offer and two KPI figures',
    });
    await settle(500);
    const offerId = (wanted.data as { offerId: string }).offerId;
    expect(offers.results.map((r) => r.data.cooperationOfferPublished)).toEqual([
      { offerId, kind: 'PROJECT', economyCode: 'PE', offer: { id: offerId, title: `Offer ${offerId}` } },
    ]);
    expect(apec.results.map((r) => r.data.kpiUpdated)).toEqual([{ kpi: 'MEETINGS_HELD', year: 2031, value: 7, economy: null }]);
    expect(peru.results.map((r) => r.data.kpiUpdated)).toEqual([{ value: 3, economy: { code: 'PE', name: 'Economy PE' } }]);
    for (const s of [offers, apec, peru]) s.stop();
  });

  it('When an offer filter names an unknown target economy, then BAD_USER_INPUT names the field', async () => {
    const sub = follow(h.wsClient(gw), `subscription { cooperationOfferPublished(filter: { targetEconomies: ["XX"] }) { offerId } }`);
    await waitFor(() => (sub.error ? true : undefined), { what: 'the refusal' });
    expect(errorOf(sub.error)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.targetEconomies[0]' });
  });
});

describe('shared execution', () => {
  it('When subscribers share a selection and a caller kind, then the federated query runs once per event and group', async () => {
    const cluster = newCluster();
    const filter = { clusterIds: [cluster.id] };
    const token = await h.accounts.accessToken('user-bo', [{ role: 'secretariat' }]);
    const anonymous = Array.from({ length: 4 }, () => follow(h.wsClient(gw), CHANGES, { filter }));
    const secretariat = Array.from({ length: 2 }, () =>
      follow(h.wsClient(gw, { authorization: `Bearer ${token}` }), CHANGES, { filter }),
    );
    // Another selection is another group, whatever its filter.
    const other = follow(h.wsClient(gw), `subscription { clusterChanged(filter: { economies: ["PE"] }) { eventId cluster { id } } }`);
    await settle(500);
    const before = h.standin.calls.cluster;
    for (let i = 0; i < 3; i++) await h.publishCluster('updated', cluster);
    const everyone = [...anonymous, ...secretariat];
    await waitFor(() => (everyone.every((s) => s.results.length >= 3) && other.results.length >= 3 ? true : undefined), {
      what: 'three events for everyone',
    });
    await settle();
    // 3 events × (anonymous, secretariat, the other selection).
    expect(h.standin.calls.cluster - before).toBe(9);
    for (const s of everyone) expect(s.results.map((r) => r.data.clusterChanged.cluster.name)).toEqual(Array(3).fill(cluster.name));
    for (const s of [...everyone, other]) s.stop();

    const baseline = await h.startGateway({ SUBSCRIPTION_SHARED_EXECUTION: 'false' });
    const unshared = Array.from({ length: 4 }, () => follow(h.wsClient(baseline), CHANGES, { filter }));
    await settle(500);
    const start = h.standin.calls.cluster;
    for (let i = 0; i < 2; i++) await h.publishCluster('updated', cluster);
    await waitFor(() => (unshared.every((s) => s.results.length >= 2) ? true : undefined), { what: 'the baseline' });
    await settle();
    expect(h.standin.calls.cluster - start).toBe(8);
    for (const s of unshared) s.stop();
    await baseline.stop();
  });
});

describe('limits, credentials and shutdown', () => {
  it('When a connection or a client goes past its limit, or a query is too deep, then the refusal names the limit', async () => {
    const limited = await h.startGateway({
      SUBSCRIPTION_MAX_PER_CONNECTION: '2',
      SUBSCRIPTION_MAX_CONNECTIONS_PER_CLIENT: '2',
      QUERY_MAX_DEPTH: '2',
    });
    const one = h.wsClient(limited);
    const subs = [follow(one, SHALLOW), follow(one, SHALLOW), follow(one, SHALLOW)];
    await waitFor(() => (subs[2]!.error ? true : undefined), { what: 'the third subscription refused' });
    expect(errorOf(subs[2]!.error)?.extensions).toMatchObject({
      code: 'SUBSCRIPTION_LIMIT_EXCEEDED',
      limit: 'subscriptionsPerConnection',
      max: 2,
    });
    expect(subs[0]!.error).toBeUndefined();

    const closes: number[] = [];
    const reasons: string[] = [];
    const record = (e: unknown) => {
      const { code, reason } = e as { code: number; reason: string };
      closes.push(code);
      reasons.push(reason);
    };
    const two = h.wsClient(limited, {}, { on: { closed: record } });
    follow(two, SHALLOW);
    const three = h.wsClient(limited, {}, { on: { closed: record } });
    const refused = follow(three, SHALLOW);
    await waitFor(() => (refused.error ? true : undefined), { what: 'the third connection refused' });
    expect(closes).toEqual([4403]);
    expect(reasons[0]).toMatch(/^SUBSCRIPTION_LIMIT_EXCEEDED/);

    await one.dispose();
    await settle();
    const deep = follow(h.wsClient(limited), CHANGES);
    await waitFor(() => (deep.error ? true : undefined), { what: 'the deep subscription refused' });
    expect(errorOf(deep.error)?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'depth', max: 2 });
    await limited.stop();
  });

  it('When the credential is invalid or the origin foreign, then the connection is refused', async () => {
    const closes: number[] = [];
    const client = h.wsClient(gw, { authorization: 'Bearer not-a-token' }, { on: { closed: (e) => closes.push((e as { code: number; reason: string }).code) } });
    const sub = follow(client, CHANGES);
    await waitFor(() => (sub.error ? true : undefined), { what: 'the refusal' });
    expect(closes).toEqual([4401]);

    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(gw.wsUrl, 'graphql-transport-ws', { origin: 'https://evil.example' });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });

  it('When the gateway stops, then sockets close with 1001 so clients resume elsewhere', async () => {
    const doomed = await h.startGateway();
    const closes: number[] = [];
    const sub = follow(h.wsClient(doomed, {}, { on: { closed: (e) => closes.push((e as { code: number; reason: string }).code) } }), CHANGES);
    await settle();
    expect(sub.error).toBeUndefined();
    await doomed.stop();
    await waitFor(() => (closes.length ? true : undefined), { what: 'the close' });
    expect(closes).toEqual([1001]);
  });
});

describe('SLOW_CONSUMER', () => {
  it('When a subscriber stops reading, then it is ended with SLOW_CONSUMER and others keep getting every event', async () => {
    const slowGateway = await h.startGateway({ SUBSCRIPTION_QUEUE_LIMIT: '5' });
    // Big payloads fill the socket buffers quickly.
    const cluster = newCluster({ name: 'x'.repeat(200_000) });
    const filter = { clusterIds: [cluster.id] };
    const fast = follow(h.wsClient(slowGateway), CHANGES, { filter });

    const messages: { type: string; payload?: { errors?: { extensions?: { code?: string } }[] } }[] = [];
    const ws = new WebSocket(slowGateway.wsUrl, 'graphql-transport-ws');
    await new Promise<void>((resolve) => ws.once('open', () => resolve()));
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    await waitFor(() => (messages.some((m) => m.type === 'connection_ack') ? true : undefined), { what: 'the ack' });
    ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: CHANGES, variables: { filter } } }));
    await settle();
    ws.pause();

    // The paused socket's buffers fill after a few MB; a backlog then counts once it has been stuck for a second.
    const count = 40;
    for (let i = 0; i < count; i++) await h.publishCluster('updated', cluster);
    await waitFor(() => (fast.results.length >= count ? true : undefined), { what: 'every event for the reader', timeoutMs: 60_000 });
    await settle(1200);
    const more = 6;
    for (let i = 0; i < more; i++) await h.publishCluster('updated', cluster);
    await waitFor(() => (fast.results.length >= count + more ? true : undefined), { what: 'the later events for the reader' });
    ws.resume();
    await waitFor(() => (messages.some((m) => m.type === 'error') ? true : undefined), { what: 'SLOW_CONSUMER', timeoutMs: 30_000 });
    const nexts = messages.filter((m) => m.type === 'next');
    expect(nexts.length).toBeLessThan(count + more);
    expect(messages.find((m) => m.type === 'error')?.payload).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'SLOW_CONSUMER', max: 5 }) }),
    ]);
    expect(fast.results).toHaveLength(count + more);
    ws.close();
    fast.stop();
    await slowGateway.stop();
  }, 120_000);
});

describe('an API key revoked while its subscriptions are open', () => {
  it('When the key is revoked, then its WebSocket closes 4401 and its SSE stream ends with UNAUTHENTICATED; a live key stays subscribed', async () => {
    const quick = await h.startGateway({ SUBSCRIPTION_CREDENTIAL_RECHECK_MS: '100', API_KEY_CACHE_MS: '100' });
    const integrator = { kind: 'api-client' as const, grants: [{ role: 'integrator' as const }] };
    const revokedKey = `ccp_revoked_${randomUUID()}`;
    const liveKey = `ccp_live_${randomUUID()}`;
    h.accounts.apiKeys.set(revokedKey, { subject: 'api-key:revoked', ...integrator });
    h.accounts.apiKeys.set(liveKey, { subject: 'api-key:live', ...integrator });
    const cluster = newCluster();
    const filter = { clusterIds: [cluster.id] };
    const closes: { code: number; reason: string }[] = [];
    const doomedWs = follow(
      h.wsClient(quick, { authorization: `ApiKey ${revokedKey}` }, {
        on: { closed: (e) => closes.push(e as { code: number; reason: string }) },
      }),
      CHANGES,
      { filter },
    );
    const doomedSse = sseFollow(quick, CHANGES, { filter }, { authorization: `ApiKey ${revokedKey}` });
    const live = follow(h.wsClient(quick, { authorization: `ApiKey ${liveKey}` }), CHANGES, { filter });
    await settle(500);
    await h.publishCluster('updated', cluster);
    await waitFor(
      () => (doomedWs.results.length && doomedSse.results.length && live.results.length ? true : undefined),
      { what: 'the first event on every subscription' },
    );

    h.accounts.apiKeys.delete(revokedKey);
    await waitFor(() => (closes.length && doomedSse.state.completed ? true : undefined), {
      what: 'the revoked key’s subscriptions ended',
    });
    expect(closes[0]?.code).toBe(4401);
    expect(closes[0]?.reason).toMatch(/^UNAUTHENTICATED: the API key is no longer valid/);
    expect(doomedSse.results.at(-1)?.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });

    const after = await h.publishCluster('updated', cluster);
    await waitFor(() => (live.results.length >= 2 ? true : undefined), { what: 'the live key’s next event' });
    expect(live.results.at(-1).data.clusterChanged.eventId).toBe(after.id);
    expect(live.error).toBeUndefined();
    expect(doomedWs.results).toHaveLength(1);
    live.stop();
    doomedSse.stop();
    await quick.stop();
  }, 60_000);
});
