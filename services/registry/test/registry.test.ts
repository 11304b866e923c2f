import { type CallerVerifier, createSubgraphHandler, EventValidator, listen, TOPICS } from '@ccp/kit';
import {
  collectEvents,
  connectedProducer,
  ensureTopics,
  freshDatabase,
  testCallerKeys,
  testKafka,
  testLogger,
} from '@ccp/kit/testing';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/server.js';

const REGISTER = `mutation Register($input: RegisterClusterInput!) {
  registerCluster(input: $input) { id status version economyCode name names { en ru } }
}`;
const PUBLISH = `mutation Publish($id: ID!) { publishCluster(id: $id) { id status version publishedAt } }`;

const kafka = testKafka();
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;
let server: Awaited<ReturnType<typeof createServer>>;
let keys: Awaited<ReturnType<typeof testCallerKeys>>;

async function run(query: string, variables: Record<string, unknown>) {
  const caller = { subject: 'user-1', kind: 'user' as const, grants: [] };
  const res = await server.apollo.executeOperation(
    { query, variables },
    { contextValue: await server.context(caller) },
  );
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return res.body.singleResult as { data?: any; errors?: any[] };
}

beforeAll(async () => {
  db = await freshDatabase('registry');
  await ensureTopics(kafka);
  producer = await connectedProducer(kafka);
  keys = await testCallerKeys();
  server = await createServer({ mongo: db, producer, validator: new EventValidator(), logger: testLogger() });
  await server.apollo.start();
});

afterAll(async () => {
  await server?.apollo.stop();
  await producer?.disconnect();
  await db?.drop();
});

describe('registerCluster', () => {
  it('When the input is valid, then a draft is stored and its registered event reaches Kafka', async () => {
    const collector = await collectEvents(kafka, TOPICS.cluster, (e) => e.data?.name?.en === 'Kazan Petrochemical Cluster');
    await collector.start();

    const { data, errors } = await run(REGISTER, {
      input: { name: { en: 'Kazan Petrochemical Cluster', ru: 'Казанский нефтехимический кластер' }, economyCode: 'RU' },
    });

    expect(errors).toBeUndefined();
    expect(data.registerCluster).toMatchObject({ status: 'DRAFT', version: 1, economyCode: 'RU' });
    expect(data.registerCluster.names.ru).toBe('Казанский нефтехимический кластер');
    const [{ event, headers }] = await collector.done;
    expect(event).toMatchObject({
      type: 'ccp.registry.cluster.registered.v1',
      subject: data.registerCluster.id,
      sequence: 1,
      economy: 'RU',
      source: '/ccp/registry',
    });
    expect(headers['content-type']).toBe('application/cloudevents+json');
    expect(new EventValidator().validate(event)).toEqual({ ok: true, event });
    const stored = await server.deps.clusters.findById(data.registerCluster.id).lean();
    expect(stored?.outbox).toEqual([]);
  });

  it('When the English name is missing, then a BAD_USER_INPUT error names the field and nothing is stored', async () => {
    const before = await server.deps.clusters.countDocuments();
    const { data, errors } = await run(REGISTER, { input: { name: { en: '  ' }, economyCode: 'JP' } });

    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name.en' });
    expect(await server.deps.clusters.countDocuments()).toBe(before);
  });

  it('When the economy code is not an APEC economy, then the error names economyCode, nothing is stored and no event is sent', async () => {
    const collector = await collectEvents(kafka, TOPICS.cluster, (e) => e.data?.economy === 'XX', { timeoutMs: 3000 });
    await collector.start();
    const before = await server.deps.clusters.countDocuments();

    const { errors } = await run(REGISTER, { input: { name: { en: 'Nowhere Cluster' }, economyCode: 'XX' } });

    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'economyCode' });
    expect(await server.deps.clusters.countDocuments()).toBe(before);
    await expect(collector.done).rejects.toThrow(/saw 0\/1/);
  });

  it('When the location is out of range, then the error names location.lat', async () => {
    const { errors } = await run(REGISTER, {
      input: { name: { en: 'Polar Cluster' }, economyCode: 'CA', location: { lat: 123, lng: 0 } },
    });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'location.lat' });
  });
});

describe('publishCluster', () => {
  it('When a draft is published, then it is PUBLISHED at version 2 and the published event carries sequence 2', async () => {
    const { data } = await run(REGISTER, { input: { name: { en: 'Penang Electronics Cluster' }, economyCode: 'MY' } });
    const id = data.registerCluster.id;
    const collector = await collectEvents(kafka, TOPICS.cluster, (e) => e.subject === id && e.type.endsWith('published.v1'));
    await collector.start();

    const published = await run(PUBLISH, { id });

    expect(published.errors).toBeUndefined();
    expect(published.data.publishCluster).toMatchObject({ id, status: 'PUBLISHED', version: 2 });
    const [{ event }] = await collector.done;
    expect(event).toMatchObject({ sequence: 2, economy: 'MY', data: { clusterId: id, status: 'published' } });
  });

  it('When the cluster is not a draft, then publishing fails with INVALID_STATE and the version does not move', async () => {
    const { data } = await run(REGISTER, { input: { name: { en: 'Monterrey Aerospace Cluster' }, economyCode: 'MX' } });
    const id = data.registerCluster.id;
    await run(PUBLISH, { id });

    const again = await run(PUBLISH, { id });

    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE' });
    expect((await server.deps.clusters.findById(id).lean())?.version).toBe(2);
  });

  it('When the cluster does not exist, then publishing fails with NOT_FOUND', async () => {
    const { errors } = await run(PUBLISH, { id: 'no-such-cluster' });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the subgraph over HTTP', () => {
  async function post(headers: Record<string, string>) {
    const handler = createSubgraphHandler({
      apollo: server.apollo,
      verifier: keys.verifier as CallerVerifier,
      context: server.context,
      ready: async () => true,
      logger: testLogger(),
    });
    const http = await listen(handler, 0, '127.0.0.1');
    const port = (http.address() as { port: number }).port;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ clusters { totalCount } }' }),
      });
      return { status: res.status, body: (await res.json()) as any };
    } finally {
      http.close();
    }
  }

  it('When a call has no caller token, then it is refused with UNAUTHENTICATED', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('When a caller token is signed by another key, then it is refused', async () => {
    const other = await testCallerKeys();
    const res = await post({ 'x-ccp-caller': await other.tokenFor() });
    expect(res.status).toBe(401);
  });

  it('When the gateway signed the caller token, then the query runs', async () => {
    const res = await post({ 'x-ccp-caller': await keys.tokenFor() });
    expect(res.status).toBe(200);
    expect(res.body.data.clusters.totalCount).toBeGreaterThanOrEqual(2);
  });
});
