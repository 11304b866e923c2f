import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Caller, type CloudEvent, connectMongo, EventValidator, readSchemaFile } from '@ccp/kit';
import { connectedProducer, ensureTopics, TEST_MONGODB_URI, testKafka, testLogger } from '@ccp/kit/testing';
import type { Connection } from 'mongoose';
import { type DeliveryOptions, integrationsOptions } from '../src/config.js';
import { createServer } from '../src/server.js';

export type IntegrationsServer = Awaited<ReturnType<typeof createServer>>;

export const integrator = (subject = `apikey-${randomUUID().slice(0, 8)}`): Caller => ({
  subject,
  kind: 'api-client',
  grants: [{ role: 'integrator' }],
});
export const user = (subject: string, grants: Caller['grants'] = []): Caller => ({
  subject,
  kind: 'user',
  grants,
});
export const secretariat = user('user-secretariat', [{ role: 'secretariat' }]);
export const anonymous: Caller = { subject: 'anonymous', kind: 'anonymous', grants: [] };

/** Short timings so retries and the dead-letter window fit in a test. */
export const FAST: Partial<DeliveryOptions> = {
  retryBaseMs: 200,
  retryMaxMs: 1000,
  retryWindowMs: 60_000,
  timeoutMs: 2000,
};

/** The databases' prefix: `h2` unless `INTEGRATIONS_TEST_DB_PREFIX` names another (parallel sessions). */
const DB_PREFIX = process.env.INTEGRATIONS_TEST_DB_PREFIX ?? 'h2';

/** A database of this suite's own (`h2_integrations_<label>_…`) on the real FerretDB. */
export async function freshDatabase(label: string): Promise<Connection & { drop(): Promise<void> }> {
  const conn = await connectMongo(
    TEST_MONGODB_URI,
    `${DB_PREFIX}_integrations_${label}_${randomUUID().slice(0, 8)}`,
  );
  return Object.assign(conn, {
    async drop() {
      await conn.dropDatabase().catch(() => {});
      await conn.close();
    },
  });
}

export interface Harness {
  server: IntegrationsServer;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the result carries
  run(
    query: string,
    variables?: Record<string, unknown>,
    caller?: Caller,
  ): Promise<{ data?: any; errors?: any[] }>;
  /** Publishes events to the real (h2.) topics. */
  publish(events: CloudEvent[]): Promise<void>;
  /** Stops the service (not the database): a restart builds a new one on the same database and group. */
  stop(): Promise<void>;
}

/** An integrations service on `db` with its consumer (a group of its own) and dispatcher running. */
export async function startIntegrations(
  db: Connection,
  {
    delivery = FAST,
    groupId = `ccp-integrations-test-${randomUUID()}`,
  }: { delivery?: Partial<DeliveryOptions>; groupId?: string } = {},
): Promise<Harness> {
  const kafka = testKafka();
  await ensureTopics(kafka);
  const producer = await connectedProducer(kafka);
  const base = integrationsOptions({ NODE_ENV: 'test' });
  const server = await createServer({
    mongo: db,
    kafka,
    validator: new EventValidator(),
    logger: testLogger(),
    options: { ...base, delivery: { ...base.delivery, ...delivery } },
    consumerGroupId: groupId,
    fromBeginning: true,
  });
  await server.apollo.start();
  for (const w of server.workers) await w.start();
  const { toMessage, topicOf } = await import('@ccp/kit');
  return {
    server,
    async run(query, variables = {}, caller = integrator('apikey-default')) {
      const res = await server.apollo.executeOperation(
        { query, variables },
        { contextValue: server.context(caller) },
      );
      if (res.body.kind !== 'single') throw new Error('expected a single result');
      // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the result carries
      return res.body.singleResult as { data?: any; errors?: any[] };
    },
    async publish(events) {
      for (const e of events)
        await producer.send({ topic: topicOf(e.type), acks: -1, messages: [toMessage(e)] });
    },
    async stop() {
      await Promise.allSettled(server.workers.map((w) => w.stop()));
      await server.apollo.stop();
      await producer.disconnect();
    },
  };
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A real HTTP receiver on 127.0.0.1; `answer` decides each response (200 unless set). */
export async function startReceiver(
  answer: (
    r: Received,
    n: number,
  ) =>
    | Promise<{ status: number; headers?: Record<string, string> }>
    | { status: number; headers?: Record<string, string> } = () => ({ status: 200 }),
) {
  const received: Received[] = [];
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      received.push(r);
      const { status, headers } = await receiver.answer(r, received.length);
      if (!res.destroyed) res.writeHead(status, headers).end('ok');
    });
  });
  const receiver = {
    answer,
    received,
    url: '',
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

export async function waitUntil<T>(
  fn: () => T | Promise<T>,
  what: string,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A registry cluster event from the schema fixtures (schemas/events/fixtures), made this cluster's. */
export function clusterEvent(
  type: 'registered' | 'published' | 'archived' | 'updated',
  clusterId: string,
  {
    economy = 'PE',
    sequence = 1,
    status,
    specializations = ['agrifood.food-processing'],
  }: { economy?: string; sequence?: number; status?: string; specializations?: string[] } = {},
): CloudEvent {
  const fixture = JSON.parse(
    readSchemaFile('events', 'fixtures', `ccp.registry.cluster.${type}.v1.json`),
  ) as CloudEvent;
  const s =
    status ??
    { registered: 'draft', published: 'published', archived: 'archived', updated: 'published' }[type];
  return {
    ...fixture,
    id: randomUUID(),
    subject: clusterId,
    time: new Date().toISOString(),
    sequence,
    economy,
    data: { ...fixture.data, clusterId, economy, specializations, status: s },
  };
}

export const CREATE = /* GraphQL */ `
  mutation ($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint { id url status eventTypes owner filter { economies specializations clusterIds } }
    }
  }
`;

export const DELIVERIES = /* GraphQL */ `
  query ($endpointId: ID!, $status: WebhookDeliveryStatus, $first: Int, $after: String) {
    webhookDeliveries(endpointId: $endpointId, status: $status, first: $first, after: $after) {
      nodes { id eventId eventType status nextAttemptAt deliveredAt payload attempts { at httpStatus durationMs error nextAttemptAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** Registers an endpoint as `caller` and returns its id and secret. */
export async function createEndpoint(h: Harness, input: Record<string, unknown>, caller?: Caller) {
  const res = await h.run(CREATE, { input }, caller);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createWebhookEndpoint as { secret: string; endpoint: { id: string } };
}
