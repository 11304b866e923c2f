import { randomUUID } from 'node:crypto';
import { type Caller, EventValidator, TOPICS } from '@ccp/kit';
import {
  collectEvents,
  connectedProducer,
  ensureTopics,
  freshDatabase,
  TEST_KAFKA_BROKERS,
  TEST_MONGODB_URI,
  testKafka,
  testLogger,
} from '@ccp/kit/testing';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGenerateCli } from '../src/cli/generate-clusters-command.js';
import type { ClusterDocument } from '../src/model/cluster.js';
import { createServer } from '../src/server.js';

const kafka = testKafka();
// A seed of this run's own: the ids (syn-<seed>-<n>) and events are this test's alone.
const seed = 100_000 + Math.floor(Math.random() * 900_000);
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;

function output() {
  let text = '';
  return { write: (s: string) => (text += s), text: () => text };
}

const generate = (args: string[], out = output()) =>
  runGenerateCli(
    args,
    {
      MONGODB_URI: TEST_MONGODB_URI,
      MONGODB_DATABASE: db.name,
      KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
      LOG_LEVEL: 'silent',
    },
    out,
  );

beforeAll(async () => {
  db = await freshDatabase('registry_generate');
  await ensureTopics(kafka);
  producer = await connectedProducer(kafka);
});

afterAll(async () => {
  await producer?.disconnect();
  await db?.drop();
});

describe('generate:clusters', () => {
  it('When 300 clusters are generated twice, then they are stored once, published with both events each, and searchable', async () => {
    const mine = (e: { subject?: string }) => String(e.subject).startsWith(`syn-${seed}-`);
    const events = await collectEvents(kafka, TOPICS.cluster, mine, { count: 600, timeoutMs: 60_000 });
    await events.start();
    const first = output();

    const code = await generate(['--clusters', '300', '--members', '3000', '--seed', String(seed), '--batch', '100'], first);

    expect(code, first.text()).toBe(0);
    expect(first.text()).toMatch(/done: 300\/300 clusters · 300 new · 0 already there · 0 failed/);
    const docs = await db.collection<ClusterDocument>('clusters').find({}).toArray();
    expect(docs).toHaveLength(300);
    expect(docs.every((d) => d.origin === 'seeded' && d.status === 'published' && d.version === 2)).toBe(true);
    expect(docs.every((d) => d.outbox.length === 0 && d.registeredBy === 'system')).toBe(true);
    expect(docs.reduce((s, d) => s + d.keyMembers.length, 0)).toBe(3000);
    const received = (await events.done).map((e) => e.event);
    const validator = new EventValidator();
    const bySubject = new Map<string, typeof received>();
    for (const e of received) bySubject.set(e.subject, [...(bySubject.get(e.subject) ?? []), e]);
    expect(bySubject.size).toBe(300);
    for (const list of bySubject.values()) {
      expect(list.map((e) => [e.type, e.sequence])).toEqual([
        ['ccp.registry.cluster.registered.v1', 1],
        ['ccp.registry.cluster.published.v1', 2],
      ]);
      expect(list[0]).toMatchObject({ actor: 'system', actorrole: 'system', data: { origin: 'seeded' } });
      for (const e of list) expect(validator.validate(e).ok).toBe(true);
    }

    const again = await collectEvents(kafka, TOPICS.cluster, mine, { timeoutMs: 4000 });
    await again.start();
    const second = output();
    expect(await generate(['--clusters', '300', '--members', '3000', '--seed', String(seed)], second)).toBe(0);
    expect(second.text()).toMatch(/done: 300\/300 clusters · 0 new · 300 already there · 0 failed/);
    expect(await db.collection('clusters').countDocuments()).toBe(300);
    await expect(again.done).rejects.toThrow(/saw 0\/1/);

    const server = await createServer({
      mongo: db,
      kafka,
      producer,
      validator,
      logger: testLogger(),
      erasureGroupId: `ccp-registry-erasure-test-${randomUUID()}`,
    });
    await server.apollo.start();
    try {
      const russian = docs.find((d) => d.economyCode === 'RU')!;
      const chinese = docs.find((d) => d.economyCode === 'CN' && d.names.zh)!;
      const search = async (text: string) => {
        const res = await server.apollo.executeOperation(
          { query: 'query ($t: String) { clusters(filter: { text: $t }, first: 200) { totalCount nodes { id origin } } }', variables: { t: text } },
          { contextValue: await server.context({ subject: 'anonymous', kind: 'anonymous', grants: [] } as Caller) },
        );
        if (res.body.kind !== 'single') throw new Error('expected a single result');
        // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the answer carries
        return res.body.singleResult as { data?: any; errors?: any[] };
      };
      const [published, byRussian, byChinese] = await Promise.all([
        server.deps.clusters.countDocuments({ status: 'published' }),
        search(russian.names.ru!),
        search(chinese.names.zh!),
      ]);
      expect(published).toBe(300);
      expect(byRussian.errors).toBeUndefined();
      expect(byRussian.data.clusters.nodes).toContainEqual({ id: russian._id, origin: 'SEEDED' });
      expect(byChinese.data.clusters.nodes.map((n: { id: string }) => n.id)).toContain(chinese._id);
    } finally {
      await server.apollo.stop();
    }
  });

  it('When the arguments are wrong, then the command prints its usage and exits 2 without writing', async () => {
    const outputs = [output(), output(), output()];
    const before = await db.collection('clusters').countDocuments();

    const codes = await Promise.all([
      generate(['--clusters', '-1'], outputs[0]),
      generate(['--clusters', '2', '--members', '401'], outputs[1]),
      generate(['--colour', 'red'], outputs[2]),
    ]);

    expect(codes).toEqual([2, 2, 2]);
    for (const out of outputs) expect(out.text()).toMatch(/usage: npm run generate:clusters/);
    expect(await db.collection('clusters').countDocuments()).toBe(before);
  });
});
