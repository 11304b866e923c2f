import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongoose';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  clusterEvent,
  createEndpoint,
  DELIVERIES,
  freshDatabase,
  type Harness,
  sleep,
  startIntegrations,
  startReceiver,
  waitUntil,
} from './harness.js';

// Decision §32: a delivery is inserted once, each attempt and replay is a new journal entry (webhook_attempts),
// the pending state lives in the dispatcher and is rebuilt at start from the log and the journal.

const receivers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});
async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

const clusterEndpoint = (on: Harness, url: string, clusterId: string) =>
  createEndpoint(on, { url, eventTypes: ['ccp.registry.cluster.*'], filter: { clusterIds: [clusterId] } });

type Node = {
  id: string;
  status: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  attempts: { httpStatus: number | null; at: string; nextAttemptAt: string | null }[];
};
async function logOf(on: Harness, endpointId: string, status?: string, first = 100, after?: string) {
  const res = await on.run(DELIVERIES, { endpointId, status, first, after });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.webhookDeliveries as {
    nodes: Node[];
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };
}

const WRITES = [
  'replaceOne',
  'updateOne',
  'updateMany',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
] as const;

describe('webhook journal (decision §32)', () => {
  it('the delivery path only inserts and reads by _id: no update or delete while delivering, retrying, dead-lettering', async () => {
    const db = await freshDatabase('journal-writes');
    const h = await startIntegrations(db, {
      delivery: { retryBaseMs: 100, retryMaxMs: 200, retryWindowMs: 800 },
    });
    try {
      const store = h.server.deps.deliveries;
      const spies = [store.deliveries, store.journal, store.legacyPending].flatMap((c) =>
        WRITES.map((m) => vi.spyOn(c as unknown as Collection, m)),
      );
      const ok = await receiver();
      const failing = await receiver(() => ({ status: 500 }));
      const clusterId = randomUUID();
      const good = await clusterEndpoint(h, ok.url, clusterId);
      const bad = await clusterEndpoint(h, failing.url, clusterId);
      await h.publish([1, 2, 3].map((sequence) => clusterEvent('updated', clusterId, { sequence })));
      await waitUntil(async () => (await logOf(h, bad.endpoint.id, 'DEAD')).nodes.length === 3, 'three DEAD');
      const delivered = await logOf(h, good.endpoint.id);
      expect(delivered.nodes.map((n) => n.status)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
      for (const spy of spies) expect(spy, spy.getMockName()).not.toHaveBeenCalled();
      // Each attempt is an entry of its own, numbered from 1.
      const deadNode = (await logOf(h, bad.endpoint.id)).nodes[0] as Node;
      const journal = await store.journal.find({ deliveryId: deadNode.id } as never).toArray();
      expect(journal.map((j) => j._id).sort()).toEqual(
        deadNode.attempts.map((_, i) => `${deadNode.id}:${i + 1}`).sort(),
      );
      expect(journal.every((j) => j.kind === 'attempt')).toBe(true);
      vi.restoreAllMocks();
    } finally {
      await h.stop();
      await db.drop();
    }
  });

  it('a restart rebuilds each pending delivery’s retry state from the journal: its window and failures carry on', async () => {
    const db = await freshDatabase('journal-restart');
    const groupId = `ccp-integrations-test-journal-${randomUUID()}`;
    const timings = { retryBaseMs: 300, retryMaxMs: 300, retryWindowMs: 4000 };
    const first = await startIntegrations(db, { groupId, delivery: timings });
    const r = await receiver(() => ({ status: 503 }));
    const clusterId = randomUUID();
    const { endpoint } = await clusterEndpoint(first, r.url, clusterId);
    await first.publish([clusterEvent('published', clusterId)]);
    await waitUntil(() => r.received.length >= 2, 'two attempts');
    // Paused before the stop, so that the restarted service holds the delivery until the state is checked.
    await first.run(`mutation ($id: ID!) { pauseWebhookEndpoint(id: $id) { status } }`, { id: endpoint.id });
    await sleep(300);
    await first.stop();
    const [stored] = await first.server.deps.deliveries.page(endpoint.id, null, 10, null);
    const id = stored?.id as string;
    const before = (stored?.attempts ?? []).map((a) => ({
      ...a,
      at: a.at.toISOString(),
      nextAttemptAt: a.nextAttemptAt?.toISOString() ?? null,
    }));
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(stored).toMatchObject({ status: 'PENDING', seq: before.length, windowFailures: before.length });
    const second = await startIntegrations(db, { groupId, delivery: timings });
    try {
      const state = second.server.deps.dispatcher.pendingState(id);
      expect(state).toMatchObject({ seq: before.length, windowFailures: before.length });
      expect(state?.windowStart?.toISOString()).toBe(before[0]?.at);
      await second.run(`mutation ($id: ID!) { resumeWebhookEndpoint(id: $id) { status } }`, {
        id: endpoint.id,
      });
      // The window still ends 4 s after the first attempt (not after the restart): DEAD, attempts kept.
      const dead = await waitUntil(async () => {
        const n = (await logOf(second, endpoint.id, 'DEAD')).nodes[0];
        return n;
      }, 'DEAD after the restart');
      expect(dead.attempts.slice(0, before.length)).toMatchObject(
        before.map(({ at, httpStatus, nextAttemptAt }) => ({ at, httpStatus, nextAttemptAt })),
      );
      // Every retry was due within 4 s of the first attempt, also those scheduled after the restart; the last
      // attempt (after the window's end, when the endpoint was resumed) scheduled none.
      const end = Date.parse(before[0]?.at ?? '') + timings.retryWindowMs;
      for (const a of dead.attempts.slice(0, -1))
        expect(Date.parse(a.nextAttemptAt ?? '')).toBeLessThanOrEqual(end);
      expect(dead.attempts.at(-1)?.nextAttemptAt).toBeNull();
      expect(second.server.deps.dispatcher.pendingState(id)).toBeUndefined();
      expect(dead.attempts.length).toBeGreaterThan(before.length);
      expect(r.received.length - dead.attempts.length).toBeLessThanOrEqual(1); // one aborted by the stop at most
    } finally {
      await second.stop();
      await db.drop();
    }
  });

  it('reads documents stored before the journal: a pending one is sent, a dead one stays dead and replays', async () => {
    const db = await freshDatabase('journal-legacy');
    const groupId = `ccp-integrations-test-legacy-${randomUUID()}`;
    const first = await startIntegrations(db, { groupId });
    const r = await receiver();
    const { endpoint } = await createEndpoint(first, { url: r.url, eventTypes: ['ccp.economies.kpi.*'] });
    await first.stop();
    const old = new Date(Date.now() - 60_000);
    const base = (id: string) => ({
      _id: id,
      endpointId: endpoint.id,
      owner: 'apikey-default',
      eventId: randomUUID(),
      eventType: 'ccp.integrations.webhook.ping.v1',
      subject: endpoint.id,
      eventTime: old,
      payload: JSON.stringify({ id, legacy: true }),
      createdAt: old,
      deliveredAt: null,
    });
    const failed = { at: old, httpStatus: 500, durationMs: 3, error: 'HTTP 500', nextAttemptAt: new Date() };
    const pendingId = randomUUID();
    const deadId = randomUUID();
    await db.collection('webhook_deliveries').insertMany([
      {
        ...base(pendingId),
        status: 'PENDING',
        attempts: [failed],
        windowStart: old,
        nextAttemptAt: new Date(),
      },
      {
        ...base(deadId),
        createdAt: new Date(old.getTime() - 1000),
        status: 'DEAD',
        attempts: [{ ...failed, nextAttemptAt: null }],
        windowStart: old,
        nextAttemptAt: null,
      },
    ] as never[]);
    await db
      .collection('webhook_pending')
      .insertOne({ _id: pendingId, endpointId: endpoint.id, dueAt: new Date() } as never);
    const second = await startIntegrations(db, { groupId });
    try {
      await waitUntil(() => r.received.length >= 1, 'the legacy pending delivery');
      await sleep(500);
      expect(r.received.map((x) => x.headers['webhook-id'])).toEqual([pendingId]);
      const delivered = await waitUntil(async () => {
        const n = (await logOf(second, endpoint.id, 'DELIVERED')).nodes[0];
        return n;
      }, 'DELIVERED');
      expect(delivered.attempts.map((a) => a.httpStatus)).toEqual([500, 200]);
      const [dead] = (await logOf(second, endpoint.id, 'DEAD')).nodes;
      expect(dead?.id).toBe(deadId);
      const replay = await second.run(`mutation ($id: ID!) { replayWebhookDelivery(id: $id) { status } }`, {
        id: deadId,
      });
      expect(replay.data.replayWebhookDelivery.status).toBe('PENDING');
      await waitUntil(() => r.received.length >= 2, 'the replay');
      const again = await waitUntil(async () => {
        const n = (await logOf(second, endpoint.id, 'DELIVERED')).nodes.find((x) => x.id === deadId);
        return n;
      }, 'the replayed one DELIVERED');
      expect(again.attempts.map((a) => a.httpStatus)).toEqual([500, 200]);
      // Erasure of the endpoint removes the old due list too.
      await second.run(`mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }`, { id: endpoint.id });
      expect(await db.collection('webhook_pending').countDocuments()).toBe(0);
      expect(await db.collection('webhook_attempts').countDocuments()).toBe(0);
      expect(await db.collection('webhook_deliveries').countDocuments()).toBe(0);
    } finally {
      await second.stop();
      await db.drop();
    }
  });

  it('pages the log by a status that only the journal holds, and a replay moves a dead delivery out of DEAD', async () => {
    const db = await freshDatabase('journal-status');
    const h = await startIntegrations(db, {
      delivery: { retryBaseMs: 100, retryMaxMs: 100, retryWindowMs: 500 },
    });
    try {
      // Odd sequences are answered 204, even ones 500 (dead after the window).
      let healed = false;
      const r = await receiver((x) => ({ status: healed || JSON.parse(x.body).sequence % 2 ? 204 : 500 }));
      const clusterId = randomUUID();
      const { endpoint } = await clusterEndpoint(h, r.url, clusterId);
      for (const sequence of [1, 2, 3, 4, 5, 6, 7]) {
        await h.publish([clusterEvent('updated', clusterId, { sequence })]);
        await sleep(20); // distinct createdAt, so the order is the publishing order
      }
      await waitUntil(async () => (await logOf(h, endpoint.id, 'DEAD')).nodes.length === 3, 'three DEAD');
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 5; page++) {
        const { nodes, pageInfo } = await logOf(h, endpoint.id, 'DELIVERED', 2, after);
        seen.push(...nodes.map((n) => n.id));
        expect(nodes.every((n) => n.status === 'DELIVERED' && n.deliveredAt)).toBe(true);
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(seen).toHaveLength(4);
      expect(new Set(seen).size).toBe(4);
      const all = (await logOf(h, endpoint.id)).nodes;
      expect(all.filter((n) => n.status === 'DELIVERED').map((n) => n.id)).toEqual(seen);

      const dead = (await logOf(h, endpoint.id, 'DEAD', 1)).nodes[0] as Node;
      healed = true;
      await h.run(`mutation ($id: ID!) { replayWebhookDelivery(id: $id) { id } }`, { id: dead.id });
      await waitUntil(async () => (await logOf(h, endpoint.id, 'DEAD')).nodes.length === 2, 'two DEAD');
      const replayed = (await logOf(h, endpoint.id)).nodes.find((n) => n.id === dead.id) as Node;
      expect(replayed.status).toBe('DELIVERED');
      expect(replayed.attempts.slice(0, dead.attempts.length)).toEqual(dead.attempts);
      expect(replayed.attempts.at(-1)?.httpStatus).toBe(204);
      // The journal holds the replay between the attempts.
      const kinds = (await h.server.deps.deliveries.journalOf(dead.id)).map((j) => j.kind);
      expect(kinds).toEqual([...dead.attempts.map(() => 'attempt'), 'replay', 'attempt']);
    } finally {
      await h.stop();
      await db.drop();
    }
  });
});
