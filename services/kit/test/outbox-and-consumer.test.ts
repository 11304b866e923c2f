import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { type Model, Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyOnce,
  type CloudEvent,
  EventConsumer,
  EventValidator,
  makeEvent,
  OutboxRelay,
  outboxSchemaFields,
  TOPICS,
} from '../src/index.js';
import {
  collectEvents,
  connectedProducer,
  createTestTopic,
  deleteTestTopic,
  freshDatabase,
  testKafka,
  testLogger,
  waitFor,
} from '../src/testing/index.js';

const kafka = testKafka();
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;

const published = (clusterId: string, sequence: number, economy = 'SG'): CloudEvent =>
  makeEvent({
    service: 'registry',
    type: 'ccp.registry.cluster.published.v1',
    subject: clusterId,
    sequence,
    economy,
    data: { clusterId, economy, name: { en: 'Test' }, status: 'published', publishedAt: new Date().toISOString() },
  });

beforeAll(async () => {
  db = await freshDatabase('kit');
  producer = await connectedProducer(kafka);
});

afterAll(async () => {
  await producer?.disconnect();
  await db?.drop();
});

describe('FerretDB operators the kit relies on', () => {
  it('When a field is missing, then $lt on it does not match, and an existing _id makes insertOne fail with 11000', async () => {
    const coll = db.collection('probe');
    await coll.insertOne({ _id: 'a' as never, n: 1 });
    expect((await coll.updateOne({ _id: 'a' as never, 'applied.sequence': { $lt: 5 } }, { $set: { n: 2 } })).matchedCount).toBe(0);
    await expect(coll.insertOne({ _id: 'a' as never })).rejects.toMatchObject({ code: 11000 });
  });

  it("When an outbox array has elements, then { 'outbox.0': { $exists: true } } finds it and an empty one is not found", async () => {
    const coll = db.collection('probe_outbox');
    await coll.insertMany([
      { _id: 'full' as never, outbox: [{ id: 1 }] },
      { _id: 'empty' as never, outbox: [] },
    ]);
    const found = await coll.find({ 'outbox.0': { $exists: true } }).toArray();
    expect(found.map((d) => d._id)).toEqual(['full']);
  });
});

describe('applyOnce', () => {
  it('When the same event or an older one arrives again, then the read model changes once', async () => {
    const coll = db.collection('facts');
    const id = randomUUID();
    const first = published(id, 2);
    expect(await applyOnce(coll, id, first, { status: 'published' })).toBe('applied');
    expect(await applyOnce(coll, id, first, { status: 'published' })).toBe('skipped');
    expect(await applyOnce(coll, id, published(id, 1), { status: 'draft' })).toBe('skipped');
    expect(await applyOnce(coll, id, published(id, 3), { status: 'archived' })).toBe('applied');
    expect(await coll.findOne({ _id: id as never })).toMatchObject({ status: 'archived', applied: { sequence: 3 } });
  });
});

describe('OutboxRelay', () => {
  interface AggregateDoc {
    _id: string;
    name: string;
    version: number;
    outbox: CloudEvent[];
  }
  const model = () =>
    (db.models.Aggregate as Model<AggregateDoc> | undefined) ??
    db.model<AggregateDoc>(
      'Aggregate',
      new Schema<AggregateDoc>({ _id: String, name: String, ...outboxSchemaFields }, { versionKey: false }),
    );

  it('When a write left events in the outbox (a crash before publishing), then the sweep publishes them in order and empties the outbox', async () => {
    const Aggregate = model();
    const id = randomUUID();
    const events = [1, 2].map((sequence) => published(id, sequence));
    await Aggregate.collection.insertOne({ _id: id as never, name: 'x', version: 2, outbox: events });
    const collector = await collectEvents(kafka, TOPICS.cluster, (e) => e.subject === id, { count: 2 });
    await collector.start();

    const relay = new OutboxRelay({ model: Aggregate, producer, logger: testLogger() });
    expect(await relay.sweep()).toBeGreaterThanOrEqual(1);

    const seen = await collector.done;
    expect(seen.map((s) => s.event.sequence)).toEqual([1, 2]);
    expect((await Aggregate.findById(id).lean())?.outbox).toEqual([]);
  });

  it('When an event is appended while the relay publishes, then the version guard keeps the new one for the next flush', async () => {
    const Aggregate = model();
    const id = randomUUID();
    const e1 = published(id, 1);
    const e2 = published(id, 2);
    await Aggregate.collection.insertOne({ _id: id as never, name: 'x', version: 1, outbox: [e1] });
    const slowProducer = {
      sendBatch: async (...args: Parameters<Producer['sendBatch']>) => {
        await Aggregate.updateOne({ _id: id, version: 1 }, { $set: { version: 2, outbox: [e1, e2] } });
        return producer.sendBatch(...args);
      },
    } as unknown as Producer;

    await new OutboxRelay({ model: Aggregate, producer: slowProducer, logger: testLogger() }).flush(id);

    expect((await Aggregate.findById(id).lean())?.outbox.map((e: CloudEvent) => e.id)).toEqual([e2.id]);
  });

  it('When many aggregates are flushed at once, then every event is sent in order per aggregate and only unchanged outboxes are emptied', async () => {
    const Aggregate = model();
    const ids = Array.from({ length: 30 }, () => randomUUID());
    await Aggregate.collection.insertMany(
      ids.map((id) => ({ _id: id as never, name: 'x', version: 2, outbox: [published(id, 1), published(id, 2)] })),
    );
    const mine = new Set(ids);
    const collector = await collectEvents(kafka, TOPICS.cluster, (e) => mine.has(e.subject), { count: 60 });
    await collector.start();
    // One aggregate changes after the relay read it: its new event must survive the clearing.
    const changed = ids[7] as string;
    const late = published(changed, 3);
    const racingProducer = {
      sendBatch: async (...args: Parameters<Producer['sendBatch']>) => {
        const doc = await Aggregate.findById(changed).lean();
        await Aggregate.updateOne({ _id: changed, version: 2 }, { $set: { version: 3, outbox: [...(doc?.outbox ?? []), late] } });
        return producer.sendBatch(...args);
      },
    } as unknown as Producer;

    const sent = await new OutboxRelay({ model: Aggregate, producer: racingProducer, logger: testLogger() }).flushMany(ids, 16);

    expect(sent).toBe(60);
    const seen = await collector.done;
    for (const id of ids) {
      expect(seen.filter((s) => s.event.subject === id).map((s) => s.event.sequence)).toEqual([1, 2]);
    }
    const left = await Aggregate.find({ _id: { $in: ids } }).lean();
    expect(left.filter((d) => d.outbox.length > 0).map((d) => d._id)).toEqual([changed]);
    expect(left.find((d) => d._id === changed)?.outbox.map((e: CloudEvent) => e.sequence)).toEqual([1, 2, 3]);
  });
});

describe('EventConsumer', () => {
  it('When a message is not JSON, then it is dead-lettered with its reason and the next event is handled', async () => {
    const topic = await createTestTopic(kafka, 'kit');
    const handled: string[] = [];
    const consumer = new EventConsumer({
      kafka,
      groupId: `test-kit-${randomUUID().slice(0, 8)}`,
      topics: [topic],
      validator: new EventValidator(),
      producer,
      logger: testLogger(),
      handle: async (e) => {
        handled.push(e.id);
        return 'applied';
      },
    });
    const key = randomUUID();
    const dlq = await collectEvents(kafka, TOPICS.deadletter, (_e, h) => h['ccp-dlq-topic'] === topic);
    await dlq.start();
    await consumer.start();
    try {
      const good = published(key, 1);
      await producer.send({ topic, messages: [{ key, value: '{not json' }, { key, value: JSON.stringify(good) }] });
      const [{ headers }] = await dlq.done;
      expect(headers['ccp-dlq-reason']).toBe('value is not JSON');
      await waitFor(() => (handled.includes(good.id) ? true : undefined));
    } finally {
      await consumer.stop();
      await deleteTestTopic(kafka, topic);
    }
  });
});

describe('guarded updates on the kit connection', () => {
  it('When several writers update the same version at once, then exactly one of them wins', async () => {
    const coll = db.collection('race');
    for (let round = 0; round < 10; round++) {
      const id = `r${round}`;
      await coll.insertOne({ _id: id as never, version: 1, winner: null });
      const results = await Promise.all(
        [1, 2, 3, 4].map((w) => coll.updateOne({ _id: id as never, version: 1 }, { $set: { version: 2, winner: w } })),
      );
      expect(results.filter((r) => r.matchedCount === 1)).toHaveLength(1);
    }
    await Promise.all(Array.from({ length: 20 }, () => coll.updateOne({ _id: 'r0' as never }, { $inc: { hits: 1 } })));
    expect((await coll.findOne({ _id: 'r0' as never }))?.hits).toBe(20);
  });
});
