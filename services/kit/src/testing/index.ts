import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { ANONYMOUS, type Caller, type CallerSigner, createCallerSigner, createCallerVerifier, generateCallerKeys } from '../caller.js';
import { TOPICS } from '../events.js';
import { createLogger } from '../logger.js';
import { connectMongo } from '../mongo.js';

export const TEST_MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';
export const TEST_KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

export const testLogger = () => createLogger('test', process.env.TEST_LOG_LEVEL ?? 'silent');

/** A fresh database for one test file on the real MongoDB-compatible server; `drop()` removes it. */
export async function freshDatabase(label: string): Promise<Connection & { drop(): Promise<void> }> {
  const dbName = `test_${label.replace(/[^a-z0-9]/gi, '_')}_${randomUUID().slice(0, 8)}`;
  const conn = await connectMongo(TEST_MONGODB_URI, dbName);
  return Object.assign(conn, {
    async drop() {
      await conn.dropDatabase().catch(() => {});
      await conn.close();
    },
  });
}

export function testKafka(clientId = `test-${randomUUID().slice(0, 8)}`): Kafka {
  return new Kafka({ clientId, brokers: TEST_KAFKA_BROKERS, logLevel: logLevel.NOTHING });
}

/** Creates the platform's topics if they are missing (infra:up normally has). */
export async function ensureTopics(kafka: Kafka, topics: string[] = Object.values(TOPICS)): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length) {
      await createTopicsAndWait(admin, missing, 6);
    }
  } finally {
    await admin.disconnect();
  }
}

type Admin = ReturnType<Kafka['admin']>;

/** Creates topics and waits until every partition has a leader (a fresh broker can lag behind). */
async function createTopicsAndWait(admin: Admin, topics: string[], numPartitions: number): Promise<void> {
  await admin.createTopics({ waitForLeaders: false, topics: topics.map((topic) => ({ topic, numPartitions })) });
  await waitFor(
    async () => {
      const meta = await admin.fetchTopicMetadata({ topics });
      return meta.topics.every((t) => t.partitions.length === numPartitions && t.partitions.every((p) => p.leader >= 0))
        ? true
        : undefined;
    },
    { timeoutMs: 60_000, what: `leaders of ${topics.join(', ')}` },
  );
}

export async function connectedProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
}

/** A gateway key pair for tests: mint caller tokens the way the gateway does. */
export async function testCallerKeys(): Promise<{
  privateKeyPem: string;
  publicKeyPem: string;
  signer: CallerSigner;
  verifier: Awaited<ReturnType<typeof createCallerVerifier>>;
  tokenFor(caller?: Caller): Promise<string>;
}> {
  const keys = await generateCallerKeys();
  const signer = await createCallerSigner(keys.privateKeyPem);
  const verifier = await createCallerVerifier(keys.publicKeyPem);
  return { ...keys, signer, verifier, tokenFor: (caller = ANONYMOUS) => signer.sign(caller) };
}

/** Polls until `check` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 30_000, intervalMs = 200, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever the event carries
export type CollectedEvent = { event: any; headers: Record<string, string> };

/** Reads a topic from its current end for a while and returns the events whose subject matches. */
export async function collectEvents(
  kafka: Kafka,
  topic: string,
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the event carries
  matches: (event: any, headers: Record<string, string>) => boolean,
  { count = 1, timeoutMs = 20_000, fromBeginning = false } = {},
): Promise<{ start: () => Promise<void>; done: Promise<[CollectedEvent, ...CollectedEvent[]]> }> {
  const consumer = kafka.consumer({ groupId: `test-collector-${randomUUID()}` });
  const found: CollectedEvent[] = [];
  let resolveDone!: (v: [CollectedEvent, ...CollectedEvent[]]) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<[CollectedEvent, ...CollectedEvent[]]>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  const timer = setTimeout(() => {
    void consumer.disconnect();
    rejectDone(new Error(`saw ${found.length}/${count} matching events on ${topic} within ${timeoutMs} ms`));
  }, timeoutMs);
  return {
    done,
    async start() {
      // Remember where the topic ends now and read from the beginning, skipping what came before: a new
      // group's "latest" offset is only fixed at its first fetch, which can come after the events we want.
      const admin = kafka.admin();
      await admin.connect();
      const ends = new Map(
        (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, fromBeginning ? 0 : Number(p.high)]),
      );
      await admin.disconnect();
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          if (Number(message.offset) < (ends.get(partition) ?? 0)) return;
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? '']),
          );
          let event: any;
          try {
            event = JSON.parse(message.value?.toString() ?? '');
          } catch {
            event = { raw: message.value?.toString(), type: '', subject: '' };
          }
          if (matches(event, headers)) found.push({ event, headers });
          if (found.length >= count) {
            clearTimeout(timer);
            resolveDone(found as [CollectedEvent, ...CollectedEvent[]]);
            setImmediate(() => void consumer.disconnect());
          }
        },
      });
    },
  };
}

/** Messages a consumer group has not committed yet on the given topics (0 when it has caught up). */
export async function consumerLag(kafka: Kafka, groupId: string, topics: string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let lag = 0;
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const at = Number(mine.find((p) => p.partition === end.partition)?.offset ?? '-1');
        const low = Number(end.low);
        lag += Number(end.high) - (at < 0 ? low : at);
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

export async function waitForCaughtUp(kafka: Kafka, groupId: string, topics: string[], timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => ((await consumerLag(kafka, groupId, topics)) === 0 ? true : undefined), {
    timeoutMs,
    what: `consumer group ${groupId} to catch up`,
  });
}

/** A topic of the test's own, so a consumer under test sees only what the test sends. */
export async function createTestTopic(kafka: Kafka, prefix: string): Promise<string> {
  const topic = `test.${prefix}.${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createTopicsAndWait(admin, [topic], 3);
  } finally {
    await admin.disconnect();
  }
  return topic;
}

export async function deleteTestTopic(kafka: Kafka, topic: string): Promise<void> {
  if (!topic.startsWith('test.')) throw new Error(`refusing to delete ${topic}: not a test topic`);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic] });
  } finally {
    await admin.disconnect();
  }
}
