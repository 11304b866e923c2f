import { randomUUID } from 'node:crypto';
import { type CloudEvent, makeEvent, TOPICS } from '@ccp/kit';
import { collectEvents, waitFor, waitForCaughtUp } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Economies, startEconomies } from './harness.js';

let app: Economies<'cluster'>;

const count = async (code: string) =>
  (await app.query<{ economy: { clusterCount: number } }>('query($c: ID!) { economy(code: $c) { clusterCount } }', { c: code }))
    .economy.clusterCount;

function clusterEvent(verb: 'registered' | 'published', clusterId: string, sequence: number, economy = 'PE'): CloudEvent {
  const base = { clusterId, economy, name: { en: `Cluster ${clusterId.slice(0, 6)}` }, status: verb === 'registered' ? 'draft' : 'published' };
  return makeEvent({
    service: 'registry',
    type: `ccp.registry.cluster.${verb}.v1`,
    subject: clusterId,
    sequence,
    economy,
    data: verb === 'published' ? { ...base, publishedAt: new Date().toISOString() } : base,
  });
}

const send = (...events: CloudEvent[]) => app.send(app.topics.cluster, ...events);

beforeAll(async () => {
  app = await startEconomies('economies', {
    topics: ['cluster'],
    // Registration and KPIs have their own file and topics (kpis.test.ts).
    consumers: ['clusterConsumer'],
  });
});

afterAll(async () => {
  await app?.stop();
});

describe('economies', () => {
  it('When the service starts, then the 21 APEC economies are there with English and Russian names, seeded once', async () => {
    await app.models.economies.updateOne({ _id: 'VN' }, { $set: { clusterCount: 0 } });
    const { economies } = await app.query<{ economies: { code: string; name: string; names: { ru: string } }[] }>(
      '{ economies { code name names { ru } } }',
    );
    expect(economies).toHaveLength(21);
    expect(economies.find((e) => e.code === 'HK')?.name).toBe('Hong Kong, China');
    expect(economies.find((e) => e.code === 'TW')?.name).toBe('Chinese Taipei');
    expect(economies.find((e) => e.code === 'RU')?.names.ru).toBe('Россия');
    expect(await app.models.economies.countDocuments()).toBe(21);
  });

  it('When a cluster is published, then its economy counts it once, also under redelivery and replay', async () => {
    const id = randomUUID();
    const registered = clusterEvent('registered', id, 1);
    const published = clusterEvent('published', id, 2);
    const before = await count('PE');

    await send(registered, published);
    await waitFor(async () => ((await count('PE')) === before + 1 ? true : undefined), { what: 'the count to rise' });

    // The same events again (redelivery), and an old event arriving late.
    await send(published, registered, published);
    await waitForCaughtUp(app.kafka, app.named.clusterConsumer.groupId, [app.topics.cluster]);
    await app.deps.projector.idle();
    expect(await count('PE')).toBe(before + 1);

    // Replay from the start of the topic.
    const consumer = app.named.clusterConsumer;
    await consumer.rewindToEarliest();
    await consumer.start();
    await waitForCaughtUp(app.kafka, app.named.clusterConsumer.groupId, [app.topics.cluster]);
    await app.deps.projector.idle();
    expect(await count('PE')).toBe(before + 1);
    expect(await app.models.facts.findById(id).lean()).toMatchObject({
      economy: 'PE',
      status: 'published',
      applied: { sequence: 2, eventId: published.id },
    });
  });

  it('When a registered (draft) cluster is not published, then it is not counted', async () => {
    const before = await count('CL');
    const id = randomUUID();
    await send(clusterEvent('registered', id, 1, 'CL'));
    await waitFor(async () => ((await app.models.facts.findById(id).lean()) ? true : undefined));
    await app.deps.projector.idle();
    expect(await count('CL')).toBe(before);
  });

  it('When an event does not match its schema, then it goes to the dead-letter topic with its reason and the consumer goes on', async () => {
    const bad = { ...clusterEvent('published', randomUUID(), 2, 'NZ'), economy: 'nz', data: { clusterId: 'x' } };
    const collector = await collectEvents(app.kafka, TOPICS.deadletter, (e) => e.id === bad.id);
    await collector.start();
    const before = await count('NZ');

    await app.producer.send({ topic: app.topics.cluster, messages: [{ key: bad.subject, value: JSON.stringify(bad) }] });
    const [{ headers }] = await collector.done;
    const good = randomUUID();
    await send(clusterEvent('registered', good, 1, 'NZ'), clusterEvent('published', good, 2, 'NZ'));

    expect(headers['ccp-dlq-reason']).toMatch(/envelope|economy|data/);
    expect(headers['ccp-dlq-topic']).toBe(app.topics.cluster);
    await waitFor(async () => ((await count('NZ')) === before + 1 ? true : undefined), { what: 'the good event' });
  });

  it('When economies are resolved as entity references, then the gateway gets their counts', async () => {
    const data = await app.query<{ _entities: { code: string; clusterCount: number }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Economy { code clusterCount } } }',
      { r: [{ __typename: 'Economy', code: 'JP' }, { __typename: 'Economy', code: 'KR' }] },
    );
    expect(data._entities.map((e) => e.code)).toEqual(['JP', 'KR']);
  });
});

describe('federation round trips', () => {
  it('When the gateway resolves 10 or 100 economy references of a page of clusters, then names cost no find and counts one find either way', async () => {
    const codes = ['RU', 'CN', 'JP', 'KR', 'US', 'MX', 'CL', 'PE', 'VN', 'TH'];
    const commandsFor = async (n: number, fields: string) => {
      const seen: string[] = [];
      const listener = (e: { commandName: string }) => {
        if (!['hello', 'isMaster', 'ping', 'endSessions'].includes(e.commandName)) seen.push(e.commandName);
      };
      app.db.getClient().on('commandStarted', listener);
      const representations = Array.from({ length: n }, (_, i) => ({ __typename: 'Economy', code: codes[i % codes.length] }));
      const data = await app.query<{ _entities: { code: string; name: string }[] }>(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Economy { ${fields} } } }`,
        { r: representations },
      );
      app.db.getClient().off('commandStarted', listener);
      expect(data._entities).toHaveLength(n);
      expect(data._entities[n - 1]?.code).toBe(codes[(n - 1) % codes.length]);
      return seen;
    };
    expect(await commandsFor(10, 'code name')).toEqual([]);
    expect(await commandsFor(100, 'code name')).toEqual([]);
    expect(await commandsFor(10, 'code name clusterCount')).toEqual(['find']);
    expect(await commandsFor(100, 'code name clusterCount registeredAt')).toEqual(['find']);
  });
});
