import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyWebhook } from '@ccp/integrations/signature';
import { fetchPublishedClusters, type MirrorEvent, readMirror, runMirror } from '@ccp/integrator';
import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSecretariat, signIn } from '../scripts/accounts.mjs';
import { root, startStack } from '../scripts/stack.mjs';

// Issue 8's reliability test: clusters change continuously through the gateway while the gateway is killed and
// restarted and the webhook receiver goes away and comes back. In the end the integrator's mirror equals the
// published clusters, and every cluster event the endpoint should get reached the receiver, signed.
const run = randomUUID().slice(0, 8);
const TOPIC_PREFIX = 'h7.';
const CLUSTER_TOPIC = `${TOPIC_PREFIX}ccp.registry.cluster.v1`;
const RECEIVER_PORT = 7400;
const PUBLIC_STATUSES = new Set(['published', 'archived']);
const tmp = mkdtempSync(join(tmpdir(), 'ccp-reliability-e2e-'));
const out = join(tmp, 'clusters.json');
const kafka = new Kafka({ clientId: `rel-${run}`, brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let secretariatToken: string;
let apiKey: string;

async function gql(query: string, variables: Record<string, unknown>, authorization: string) {
  const res = await fetch(stack.urls.gateway!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
const asSecretariat = (query: string, variables: Record<string, unknown> = {}) =>
  gql(query, variables, `Bearer ${secretariatToken}`);
const asIntegrator = (query: string, variables: Record<string, unknown> = {}) => gql(query, variables, `ApiKey ${apiKey}`);

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await Promise.resolve().then(check).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

/** A webhook receiver on a fixed port that can go away (refusing connections) and come back on the same port. */
function webhookReceiver(secret: string) {
  const received: { id: string; eventId: string; valid: boolean }[] = [];
  let server: Server | undefined;
  const handle = async (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const valid = verifyWebhook({ secret, headers: req.headers, body });
    received.push({ id: String(req.headers['webhook-id']), eventId: (JSON.parse(body) as { id: string }).id, valid });
    res.writeHead(valid ? 204 : 400).end();
  };
  return {
    received,
    open: () =>
      new Promise<void>((resolve, reject) => {
        server = createServer((req, res) => void handle(req, res));
        server.once('error', reject);
        server.listen(RECEIVER_PORT, '127.0.0.1', () => resolve());
      }),
    /** Gone: no new connections, and the kept-alive ones cut, so the next attempts are refused. */
    close: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
        server = undefined;
      }),
  };
}

/** Every partition's end offset of the cluster topic now. */
async function topicEnds(): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(CLUSTER_TOPIC)).map((p) => [p.partition, Number(p.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** The cluster topic's events between two positions (start inclusive, end exclusive), read back from Kafka. */
async function clusterEventsBetween(from: Map<number, number>, to: Map<number, number>) {
  const events: { id: string; type: string; data: { status?: string } }[] = [];
  const wanted = [...to].reduce((n, [p, end]) => n + Math.max(0, end - (from.get(p) ?? 0)), 0);
  const left = new Map([...to].map(([p, end]) => [p, end]));
  const consumer = kafka.consumer({ groupId: `rel-${run}-count`, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: CLUSTER_TOPIC, fromBeginning: true });
    let seen = 0;
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const offset = Number(message.offset);
          if (offset < (from.get(partition) ?? 0) || offset >= (left.get(partition) ?? 0)) return;
          events.push(JSON.parse(message.value!.toString('utf8')));
          if (++seen === wanted) resolve();
        },
      });
    });
    if (wanted > 0) await Promise.race([done, sleep(30_000).then(() => Promise.reject(new Error('reading the topic back timed out')))]);
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([`rel-${run}-count`]).catch(() => {});
    await admin.disconnect();
  }
  return events;
}

const CLUSTER = 'id version status';

/** The secretariat's workload: new clusters published, published ones renamed, some archived — as fast as it goes. */
async function changeClusters(stop: AbortSignal, counts: { mutations: number; failed: number }) {
  const live: string[] = [];
  let n = 0;
  while (!stop.aborted) {
    try {
      const roll = n++ % 6;
      if (roll === 0 || roll === 3 || live.length < 3) {
        const { registerCluster } = await asSecretariat(
          `mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { ${CLUSTER} } }`,
          { input: { name: { en: `Reliability ${run} ${n}` }, economyCode: 'VN', location: { lat: 21.03, lng: 105.85 } } },
        );
        await asSecretariat(`mutation($id: ID!) { publishCluster(id: $id) { ${CLUSTER} } }`, { id: registerCluster.id });
        live.push(registerCluster.id);
        counts.mutations += 2;
      } else if (roll === 5) {
        const id = live.shift()!;
        await asSecretariat(`mutation($id: ID!) { archiveCluster(id: $id, reason: "Merged") { ${CLUSTER} } }`, { id });
        counts.mutations += 1;
      } else {
        const id = live[n % live.length]!;
        // The version is read right before, so a change whose answer was lost to the kill does not stall the loop.
        const { cluster } = await asSecretariat(`query($id: ID!) { cluster(id: $id) { ${CLUSTER} } }`, { id });
        await asSecretariat(
          `mutation($id: ID!, $v: Int!, $name: String!) { updateCluster(id: $id, expectedVersion: $v, input: { name: { en: $name } }) { ${CLUSTER} } }`,
          { id, v: cluster.version, name: `Reliability ${run} ${n}, renamed` },
        );
        counts.mutations += 1;
      }
    } catch {
      counts.failed += 1;
      await sleep(200);
    }
  }
}

beforeAll(async () => {
  stack = await startStack({
    portOffset: 1400,
    databasePrefix: `rel_${run}`,
    groupPrefix: `rel-${run}`,
    logDir: join(root, '.data', 'logs', `reliability-e2e-${run}`),
    env: { KAFKA_TOPIC_PREFIX: TOPIC_PREFIX, WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_RETRY_MAX_MS: '2000', LOG_LEVEL: 'warn' },
  });
  const secretariat = ensureSecretariat({ databasePrefix: `rel_${run}` });
  secretariatToken = (await signIn(stack.urls.gateway!, secretariat)).accessToken;
  const { createApiKey } = await asSecretariat('mutation { createApiKey(input: { name: "Reliability e2e", role: INTEGRATOR }) { key } }');
  apiKey = createApiKey.key;
});

afterAll(async () => {
  await stack?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('reliability of the integrator paths', () => {
  it('When clusters change while the gateway is killed and the webhook receiver goes away, then the mirror equals the published clusters and every webhook arrived signed', async () => {
    const started = Date.now();
    const { createWebhookEndpoint } = await asIntegrator(
      'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } secret } }',
      { input: { url: `http://127.0.0.1:${RECEIVER_PORT}/hooks`, eventTypes: ['ccp.registry.cluster.*'] } },
    );
    const endpointId: string = createWebhookEndpoint.endpoint.id;
    const receiver = webhookReceiver(createWebhookEndpoint.secret);
    await receiver.open();
    // The endpoint exists from here on: every cluster event past these offsets is one it must receive.
    const from = await topicEnds();

    const mirrorEvents: MirrorEvent[] = [];
    const stopMirror = new AbortController();
    const mirror = runMirror({
      gateway: stack.urls.gateway!,
      out,
      apiKey,
      signal: stopMirror.signal,
      logger: pino({ level: 'silent' }),
      idleMs: 500,
      backoffBaseMs: 200,
      backoffMaxMs: 2000,
      onEvent: (e) => mirrorEvents.push(e),
    });
    const stopChanges = new AbortController();
    const counts = { mutations: 0, failed: 0 };
    let changes: Promise<void> | undefined;
    try {
      await until(() => mirrorEvents.some((e) => e.type === 'caught-up'), 'the first catch-up', 30_000);
      changes = changeClusters(stopChanges.signal, counts);

      await sleep(4000);
      await stack.stopOne('gateway', 'SIGKILL');
      await sleep(1500);
      await stack.start('gateway');
      await sleep(3000);
      await receiver.close();
      await sleep(4000);
      await receiver.open();
      await sleep(3000);
      stopChanges.abort();
      await changes;
      const to = await topicEnds();

      const platformIds = async () => {
        const platform = await fetchPublishedClusters({ httpUrl: stack.urls.gateway!, authorization: `ApiKey ${apiKey}` });
        return new Map(platform.clusters.map((c) => [c.id, c.version]));
      };
      const mirrorIds = async () =>
        new Map(Object.values((await readMirror(out))?.clusters ?? {}).map((c) => [c.id, c.version]));
      const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
      await until(
        async () => JSON.stringify(sorted(await mirrorIds())) === JSON.stringify(sorted(await platformIds())),
        'the mirror equal to the platform',
        60_000,
      );
      expect(sorted(await mirrorIds())).toEqual(sorted(await platformIds()));

      // What the integrations service must send: the topic's cluster events after the endpoint existed, as a
      // visitor may see them (status after the change published or archived), counted from Kafka itself.
      const produced = await clusterEventsBetween(from, to);
      const expected = produced.filter((e) => e.type.startsWith('ccp.registry.cluster.') && PUBLIC_STATUSES.has(e.data.status ?? ''));
      const receivedEvents = () => new Set(receiver.received.map((r) => r.eventId));
      await until(() => expected.every((e) => receivedEvents().has(e.id)), 'every expected webhook received', 60_000);
      const missing = expected.filter((e) => !receivedEvents().has(e.id)).map((e) => e.id);
      expect(missing).toEqual([]);
      expect(receiver.received.filter((r) => !r.valid)).toEqual([]);

      // The delivery log (integrations' own account) for the failed attempts the receiver's absence caused.
      const deliveries: { id: string; eventId: string; status: string; attempts: { httpStatus: number | null }[] }[] = [];
      for (let after: string | null = null; ; ) {
        const { webhookDeliveries }: any = await asIntegrator(
          'query($id: ID!, $after: String) { webhookDeliveries(endpointId: $id, first: 25, after: $after) { nodes { id eventId status attempts { httpStatus } } pageInfo { hasNextPage endCursor } } }',
          { id: endpointId, after },
        );
        deliveries.push(...webhookDeliveries.nodes);
        if (!webhookDeliveries.pageInfo.hasNextPage) break;
        after = webhookDeliveries.pageInfo.endCursor;
      }
      const webhookIds = new Map<string, number>();
      for (const r of receiver.received) webhookIds.set(r.id, (webhookIds.get(r.id) ?? 0) + 1);
      const deliveryOf = new Map(deliveries.map((d) => [d.eventId, d.id]));
      // The webhook-id header is the delivery's id, the same on every attempt.
      expect(expected.every((e) => webhookIds.has(deliveryOf.get(e.id) ?? ''))).toBe(true);
      const failedAttempts = deliveries.reduce(
        (n, d) => n + d.attempts.filter((a) => a.httpStatus === null || a.httpStatus >= 300).length,
        0,
      );

      const state = await readMirror(out);
      const figures = {
        seconds: Math.round((Date.now() - started) / 1000),
        mutations: counts.mutations,
        mutationsFailedDuringOutage: counts.failed,
        clusterEventsProduced: produced.length,
        webhookEventsExpected: expected.length,
        mirrorSize: Object.keys(state?.clusters ?? {}).length,
        snapshots: mirrorEvents.filter((e) => e.type === 'snapshot').length,
        reconnects: mirrorEvents.filter((e) => e.type === 'connecting').length - 1,
        webhookRequestsReceived: receiver.received.length,
        distinctWebhookIds: webhookIds.size,
        duplicates: receiver.received.length - webhookIds.size,
        deliveriesLogged: deliveries.length,
        failedAttemptsRetried: failedAttempts,
        signatureFailures: receiver.received.filter((r) => !r.valid).length,
      };
      console.log(`reliability figures ${JSON.stringify(figures)}`);
      expect(figures.snapshots).toBe(1);
      expect(figures.reconnects).toBeGreaterThan(0);
      expect(failedAttempts).toBeGreaterThan(0);
      expect(figures.signatureFailures).toBe(0);
      await receiver.close();
    } finally {
      stopChanges.abort();
      await changes;
      stopMirror.abort();
      await mirror;
    }
  }, 170_000);
});
