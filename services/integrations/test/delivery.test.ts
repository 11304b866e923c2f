import { randomUUID } from 'node:crypto';
import { type Caller, makeEvent } from '@ccp/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook, webhookProblem } from '../src/domain/signature.js';
import {
  clusterEvent,
  createEndpoint,
  DELIVERIES,
  freshDatabase,
  type Harness,
  integrator,
  sleep,
  startIntegrations,
  startReceiver,
  user,
  waitUntil,
} from './harness.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let h: Harness;
const receivers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  db = await freshDatabase('delivery');
  h = await startIntegrations(db);
});
afterAll(async () => {
  await h.stop();
  await Promise.all(receivers.map((r) => r.close()));
  await db.drop();
});

async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

/** An endpoint for every event of one cluster. */
const clusterEndpoint = (on: Harness, url: string, clusterId: string, caller?: Caller) =>
  createEndpoint(
    on,
    { url, eventTypes: ['ccp.registry.cluster.*'], filter: { clusterIds: [clusterId] } },
    caller,
  );

const RANGE_REPLAY = `mutation ($e: ID!, $from: String!, $to: String!) {
  replayWebhookDeliveries(endpointId: $e, from: $from, to: $to)
}`;

async function log(endpointId: string, caller = integrator('apikey-default')) {
  const res = await h.run(DELIVERIES, { endpointId, first: 100 }, caller);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.webhookDeliveries.nodes as {
    id: string;
    eventId: string;
    status: string;
    payload: string;
    attempts: { httpStatus: number | null; at: string; error: string | null; nextAttemptAt: string | null }[];
  }[];
}

describe('webhook delivery', () => {
  it('sends matching, visible events signed, with the Kafka body byte for byte', async () => {
    const r = await receiver();
    const clusterId = randomUUID();
    const other = randomUUID();
    const { endpoint, secret } = await createEndpoint(h, {
      url: r.url,
      eventTypes: ['ccp.registry.cluster.*'],
      filter: { clusterIds: [clusterId, other], economies: ['PE'], specializations: ['agrifood'] },
    });
    const published = clusterEvent('published', clusterId, { sequence: 2 });
    await h.publish([
      clusterEvent('registered', clusterId, { sequence: 1 }), // a draft: not for a visitor's endpoint
      published,
      clusterEvent('published', other, { economy: 'CL' }), // another economy
      clusterEvent('published', other, { specializations: ['ict'] }), // another specialization
    ]);
    await waitUntil(() => r.received.length >= 1, 'the published event');
    await sleep(1000);
    expect(r.received).toHaveLength(1);
    const [got] = r.received;
    expect(JSON.parse(got?.body ?? '')).toEqual(published);
    expect(got?.body).toBe(JSON.stringify(published));
    expect(got?.headers['content-type']).toBe('application/cloudevents+json');
    expect(got?.headers['user-agent']).toMatch(/^ccp-webhooks\//);
    expect(got?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(verifyWebhook({ secret, headers: got?.headers ?? {}, body: got?.body ?? '' })).toBe(true);
    // Tampered body, another secret, an old timestamp: refused.
    expect(webhookProblem({ secret, headers: got?.headers ?? {}, body: `${got?.body} ` })).toBe(
      'no signature matches',
    );
    expect(verifyWebhook({ secret: 'whsec_AAAA', headers: got?.headers ?? {}, body: got?.body ?? '' })).toBe(
      false,
    );
    expect(
      webhookProblem({
        secret,
        headers: got?.headers ?? {},
        body: got?.body ?? '',
        now: new Date(Date.now() + 600_000),
      }),
    ).toBe('timestamp outside the tolerance');

    const entries = await log(endpoint.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      eventId: published.id,
      status: 'DELIVERED',
      attempts: [{ httpStatus: 200 }],
    });
    expect(got?.headers['webhook-id']).toBe(entries[0]?.id);
  });

  it('sends a draft cluster’s events to an endpoint whose owner manages that cluster', async () => {
    const r = await receiver();
    const clusterId = randomUUID();
    const manager = user('user-manager-x', [{ role: 'cluster-manager', clusterId }]);
    await createEndpoint(
      h,
      { url: r.url, eventTypes: ['ccp.registry.cluster.registered.v1'], filter: { clusterIds: [clusterId] } },
      manager,
    );
    const draft = clusterEvent('registered', clusterId);
    await h.publish([draft]);
    await waitUntil(() => r.received.length >= 1, 'the draft event');
    expect(JSON.parse(r.received[0]?.body ?? '').id).toBe(draft.id);

    // Revoked: the next draft event is no longer sent.
    await h.publish([
      makeEvent({
        service: 'accounts',
        type: 'ccp.accounts.user.revoked.v1',
        subject: manager.subject,
        sequence: 2,
        data: {
          userId: manager.subject,
          role: 'cluster-manager',
          clusterId,
          revokedAt: new Date().toISOString(),
          revokedBy: randomUUID(),
        },
      }),
    ]);
    await waitUntil(
      () => h.server.deps.endpoints.ownedBy(manager.subject)[0]?.ownerGrants.length === 0,
      'the revocation',
    );
    await h.publish([clusterEvent('registered', clusterId, { sequence: 2 })]);
    await sleep(1000);
    expect(r.received).toHaveLength(1);
  });

  it('delivers a duplicated event once per endpoint', async () => {
    const r = await receiver();
    const r2 = await receiver();
    const clusterId = randomUUID();
    const input = { eventTypes: ['ccp.registry.cluster.published.v1'], filter: { clusterIds: [clusterId] } };
    await createEndpoint(h, { ...input, url: r.url });
    await createEndpoint(h, { ...input, url: r2.url });
    const event = clusterEvent('published', clusterId);
    await h.publish([event, event, event]);
    // Also fed again directly, as after a crash before the offset commit.
    await h.server.fanOut.apply([{ event, payload: JSON.stringify(event) }]);
    await waitUntil(() => r.received.length >= 1 && r2.received.length >= 1, 'both endpoints');
    await sleep(1000);
    expect(r.received).toHaveLength(1);
    expect(r2.received).toHaveLength(1);
    expect(r.received[0]?.headers['webhook-id']).not.toBe(r2.received[0]?.headers['webhook-id']);
  });

  it('sends offers and KPIs by type', async () => {
    const r = await receiver();
    const clusterId = randomUUID();
    await createEndpoint(h, {
      url: r.url,
      eventTypes: ['ccp.matchmaking.offer.published.v1'],
      filter: { clusterIds: [clusterId] },
    });
    const offer = makeEvent({
      service: 'matchmaking',
      type: 'ccp.matchmaking.offer.published.v1',
      subject: randomUUID(),
      sequence: 1,
      economy: 'PE',
      data: {
        offerId: randomUUID(),
        clusterId,
        economy: 'PE',
        kind: 'project',
        title: { en: 'Partners wanted' },
        description: { en: 'A pilot' },
        sectors: ['agrifood'],
        targetEconomies: ['JP'],
        deadline: null,
        status: 'open',
        publishedBy: randomUUID(),
        publishedAt: new Date().toISOString(),
      },
    });
    await h.publish([offer]);
    await waitUntil(() => r.received.length >= 1, 'the offer');
    expect(JSON.parse(r.received[0]?.body ?? '').type).toBe('ccp.matchmaking.offer.published.v1');
  });

  it('retries with growing back-off until a 2xx, honouring Retry-After on 429', async () => {
    const r = await receiver((_, n) =>
      n === 1
        ? { status: 500 }
        : n === 2
          ? { status: 429, headers: { 'retry-after': '1' } }
          : { status: 204 },
    );
    const clusterId = randomUUID();
    const { endpoint } = await clusterEndpoint(h, r.url, clusterId);
    await h.publish([clusterEvent('published', clusterId)]);
    await waitUntil(() => r.received.length >= 3, 'the third attempt');
    const [a, b, c] = r.received.map((x) => x.at);
    expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(150); // 200 ms ± 20 %
    expect((c ?? 0) - (b ?? 0)).toBeGreaterThanOrEqual(950); // Retry-After: 1 s over the 400 ms back-off
    const [entry] = await waitUntil(async () => {
      const l = await log(endpoint.id);
      return l[0]?.status === 'DELIVERED' ? l : null;
    }, 'DELIVERED');
    expect(entry?.attempts.map((x) => x.httpStatus)).toEqual([500, 429, 204]);
    expect(entry?.attempts[0]?.nextAttemptAt).not.toBeNull();
    expect(entry?.attempts[0]?.error).toMatch(/HTTP 500/);
  });

  it('dead-letters after the retry window, and a replay sends it again', async () => {
    const own = await freshDatabase('dead');
    const short = await startIntegrations(own, {
      delivery: { retryBaseMs: 100, retryMaxMs: 200, retryWindowMs: 1000 },
    });
    try {
      let ok = false;
      const r = await receiver(() => ({ status: ok ? 200 : 503 }));
      const clusterId = randomUUID();
      const { endpoint } = await clusterEndpoint(short, r.url, clusterId);
      await short.publish([clusterEvent('published', clusterId)]);
      const dead = await waitUntil(async () => {
        const res = await short.run(DELIVERIES, { endpointId: endpoint.id, status: 'DEAD' });
        return res.data.webhookDeliveries.nodes[0];
      }, 'DEAD');
      expect(dead.attempts.length).toBeGreaterThanOrEqual(4);
      expect(dead.nextAttemptAt).toBeNull();
      const attempts = r.received.length;
      await sleep(500);
      expect(r.received.length).toBe(attempts); // no attempt after DEAD

      ok = true;
      const replay = await short.run(`mutation ($id: ID!) { replayWebhookDelivery(id: $id) { status } }`, {
        id: dead.id,
      });
      expect(replay.data.replayWebhookDelivery.status).toBe('PENDING');
      await waitUntil(() => r.received.length > attempts, 'the replay');
      const again = await waitUntil(async () => {
        const res = await short.run(DELIVERIES, { endpointId: endpoint.id, status: 'DELIVERED' });
        return res.data.webhookDeliveries.nodes[0];
      }, 'DELIVERED after replay');
      expect(again.attempts.at(-1).httpStatus).toBe(200);

      // A range replay sends every delivery of the endpoint in it again (also delivered ones).
      const count = await short.run(RANGE_REPLAY, {
        e: endpoint.id,
        from: new Date(Date.now() - 60_000).toISOString(),
        to: new Date(Date.now() + 1000).toISOString(),
      });
      expect(count.data.replayWebhookDeliveries).toBe(1);
      await waitUntil(() => r.received.length > attempts + 1, 'the range replay');
      const bad = await short.run(RANGE_REPLAY, {
        e: endpoint.id,
        from: 'yesterday',
        to: new Date().toISOString(),
      });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    } finally {
      await short.stop();
      await own.drop();
    }
  });

  it('a replay asked for during an attempt that then fails gets its fresh retry window', async () => {
    const own = await freshDatabase('replay-in-flight');
    const short = await startIntegrations(own, {
      delivery: { retryBaseMs: 100, retryMaxMs: 100, retryWindowMs: 1000 },
    });
    try {
      // Each answer takes 700 ms: the second attempt fails after the window's end, so without the replay it is DEAD.
      const r = await receiver(async (_, n) => {
        await sleep(700);
        return { status: n >= 3 ? 200 : 500 };
      });
      const clusterId = randomUUID();
      const { endpoint } = await clusterEndpoint(short, r.url, clusterId);
      await short.publish([clusterEvent('published', clusterId)]);
      await waitUntil(() => r.received.length >= 2, 'the second attempt');
      const [pending] = (await short.run(DELIVERIES, { endpointId: endpoint.id })).data.webhookDeliveries
        .nodes;
      const replay = await short.run(`mutation ($id: ID!) { replayWebhookDelivery(id: $id) { id } }`, {
        id: pending.id,
      });
      expect(replay.errors).toBeUndefined();
      const delivered = await waitUntil(async () => {
        const res = await short.run(DELIVERIES, { endpointId: endpoint.id, status: 'DELIVERED' });
        return res.data.webhookDeliveries.nodes[0];
      }, 'DELIVERED after the replay');
      expect(delivered.attempts.map((a: { httpStatus: number }) => a.httpStatus)).toEqual([500, 500, 200]);
    } finally {
      await short.stop();
      await own.drop();
    }
  });

  it('disables the endpoint on 410 Gone', async () => {
    const r = await receiver(() => ({ status: 410 }));
    const clusterId = randomUUID();
    const { endpoint } = await clusterEndpoint(h, r.url, clusterId);
    await h.publish([clusterEvent('published', clusterId)]);
    await waitUntil(() => h.server.deps.endpoints.get(endpoint.id)?.status === 'DISABLED', 'DISABLED');
    const res = await h.run(`query ($id: ID!) { webhookEndpoint(id: $id) { status disabledReason } }`, {
      id: endpoint.id,
    });
    expect(res.data.webhookEndpoint.disabledReason).toMatch(/410/);
    await h.publish([clusterEvent('updated', clusterId, { sequence: 2 })]);
    await sleep(1000);
    expect(r.received).toHaveLength(1);
  });

  it('a receiver sleeping 5 s does not delay another endpoint', async () => {
    const slow = await receiver(async () => {
      await sleep(5000);
      return { status: 200 };
    });
    const fast = await receiver();
    const clusterId = randomUUID();
    const input = { eventTypes: ['ccp.registry.cluster.*'], filter: { clusterIds: [clusterId] } };
    await createEndpoint(h, { ...input, url: slow.url });
    await createEndpoint(h, { ...input, url: fast.url });
    const events = [1, 2, 3, 4, 5].map((sequence) => clusterEvent('updated', clusterId, { sequence }));
    const sent = Date.now();
    await h.publish(events);
    await waitUntil(() => fast.received.length >= 5, 'the fast receiver', 10_000);
    expect(Date.now() - sent).toBeLessThan(3000);
    expect(slow.received.length).toBeLessThanOrEqual(2); // its own two slots, still waiting
  });

  it('loses nothing when the service restarts mid-retry', async () => {
    const groupId = `ccp-integrations-test-restart-${randomUUID()}`;
    const own = await freshDatabase('restart');
    const first = await startIntegrations(own, {
      groupId,
      delivery: { retryBaseMs: 1500, retryMaxMs: 1500 },
    });
    let up = false;
    const r = await receiver(() => ({ status: up ? 200 : 500 }));
    const clusterId = randomUUID();
    const { endpoint, secret } = await clusterEndpoint(first, r.url, clusterId);
    const events = [1, 2, 3].map((sequence) => clusterEvent('updated', clusterId, { sequence }));
    await first.publish(events);
    await waitUntil(() => r.received.length >= 3, 'first attempts');
    await first.stop();
    up = true;
    const before = r.received.length;
    // Published while the service is down: read from the group's committed offsets after the restart.
    const later = clusterEvent('updated', clusterId, { sequence: 4 });
    await h.publish([later]);
    const second = await startIntegrations(own, {
      groupId,
      delivery: { retryBaseMs: 1500, retryMaxMs: 1500 },
    });
    try {
      await waitUntil(() => {
        const ok = new Set(r.received.slice(before).map((x) => JSON.parse(x.body).id));
        return [...events, later].every((e) => ok.has(e.id));
      }, 'every event delivered after the restart');
      for (const got of r.received)
        expect(verifyWebhook({ secret, headers: got.headers, body: got.body })).toBe(true);
      const res = await second.run(DELIVERIES, { endpointId: endpoint.id, status: 'DELIVERED' });
      expect(res.data.webhookDeliveries.nodes).toHaveLength(4);
    } finally {
      await second.stop();
      await own.drop();
    }
  });

  it('sends a test ping, signed with both secrets after a rotation', async () => {
    const r = await receiver();
    const { endpoint, secret } = await createEndpoint(h, { url: r.url, eventTypes: ['ccp.economies.kpi.*'] });
    const rotated = await h.run(`mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, {
      id: endpoint.id,
    });
    const next = rotated.data.rotateWebhookSecret.secret;
    const ping = await h.run(
      `mutation ($id: ID!) { sendTestWebhook(endpointId: $id) { id eventType status } }`,
      { id: endpoint.id },
    );
    expect(ping.data.sendTestWebhook).toMatchObject({
      eventType: 'ccp.integrations.webhook.ping.v1',
      status: 'PENDING',
    });
    await waitUntil(() => r.received.length >= 1, 'the ping');
    const got = r.received[0];
    expect(got?.headers['webhook-signature']?.toString().split(' ')).toHaveLength(2);
    expect(verifyWebhook({ secret, headers: got?.headers ?? {}, body: got?.body ?? '' })).toBe(true);
    expect(verifyWebhook({ secret: next, headers: got?.headers ?? {}, body: got?.body ?? '' })).toBe(true);
    expect(JSON.parse(got?.body ?? '').type).toBe('ccp.integrations.webhook.ping.v1');
  });

  it('keeps the delivery log to the endpoint’s owner and pages it', async () => {
    const r = await receiver();
    const owner = integrator('apikey-log-owner');
    const clusterId = randomUUID();
    const { endpoint } = await createEndpoint(
      h,
      { url: r.url, eventTypes: ['ccp.registry.cluster.*'], filter: { clusterIds: [clusterId] } },
      owner,
    );
    await h.publish([1, 2, 3].map((sequence) => clusterEvent('updated', clusterId, { sequence })));
    await waitUntil(() => r.received.length >= 3, 'three deliveries');
    const page1 = await h.run(DELIVERIES, { endpointId: endpoint.id, first: 2 }, owner);
    expect(page1.data.webhookDeliveries.nodes).toHaveLength(2);
    expect(page1.data.webhookDeliveries.pageInfo.hasNextPage).toBe(true);
    const page2 = await h.run(
      DELIVERIES,
      { endpointId: endpoint.id, first: 2, after: page1.data.webhookDeliveries.pageInfo.endCursor },
      owner,
    );
    expect(page2.data.webhookDeliveries.nodes).toHaveLength(1);
    const ids = [...page1.data.webhookDeliveries.nodes, ...page2.data.webhookDeliveries.nodes].map(
      (n: { id: string }) => n.id,
    );
    expect(new Set(ids).size).toBe(3);

    const stranger = await h.run(DELIVERIES, { endpointId: endpoint.id }, integrator('apikey-stranger'));
    expect(stranger.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const replay = await h.run(
      `mutation ($id: ID!) { replayWebhookDelivery(id: $id) { id } }`,
      { id: ids[0] },
      integrator('apikey-stranger'),
    );
    expect(replay.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const badFirst = await h.run(DELIVERIES, { endpointId: endpoint.id, first: 1000 }, owner);
    expect(badFirst.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('removes an erased user’s endpoints and deliveries', async () => {
    const r = await receiver();
    const userId = randomUUID();
    const { endpoint } = await createEndpoint(
      h,
      { url: r.url, eventTypes: ['ccp.economies.kpi.*'] },
      user(userId),
    );
    await h.run(
      `mutation ($id: ID!) { sendTestWebhook(endpointId: $id) { id } }`,
      { id: endpoint.id },
      user(userId),
    );
    await waitUntil(() => r.received.length >= 1, 'the ping');
    await h.publish([
      makeEvent({
        service: 'accounts',
        type: 'ccp.accounts.user.erased.v1',
        subject: userId,
        sequence: 3,
        data: { userId, emailDigest: 'a'.repeat(64), erasedAt: new Date().toISOString() },
      }),
    ]);
    await waitUntil(() => !h.server.deps.endpoints.get(endpoint.id), 'the erasure');
    expect(await h.server.deps.deliveries.page(endpoint.id, null, 10, null)).toEqual([]);
  });
  it('removes the endpoints and deliveries an API key registered when the key is revoked, and no other key’s', async () => {
    const r = await receiver();
    const keyId = randomUUID();
    const revoked = integrator(`api-key:${keyId}`);
    const other = integrator();
    const { endpoint } = await createEndpoint(h, { url: r.url, eventTypes: ['ccp.economies.kpi.*'] }, revoked);
    const { endpoint: kept } = await createEndpoint(h, { url: r.url, eventTypes: ['ccp.economies.kpi.*'] }, other);
    await h.run(`mutation ($id: ID!) { sendTestWebhook(endpointId: $id) { id } }`, { id: endpoint.id }, revoked);
    await waitUntil(() => r.received.length >= 1, 'the ping');
    const ownerId = randomUUID();
    await h.publish([
      makeEvent({
        service: 'accounts',
        type: 'ccp.accounts.user.api-key-revoked.v1',
        subject: ownerId,
        sequence: 4,
        data: { userId: ownerId, apiKeyId: keyId, revokedAt: new Date().toISOString(), revokedBy: ownerId },
      }),
    ]);
    await waitUntil(() => !h.server.deps.endpoints.get(endpoint.id), 'the revocation');
    expect(await h.server.deps.deliveries.page(endpoint.id, null, 10, null)).toEqual([]);
    expect(h.server.deps.endpoints.get(kept.id)?.owner).toBe(other.subject);
  });
});
