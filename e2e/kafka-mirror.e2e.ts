import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../scripts/stack.mjs';

// The README's example integrator on the public topic: a real broker, the real JSON Schemas.
const prefix = process.env.KAFKA_TOPIC_PREFIX ?? 'test.';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const tmp = mkdtempSync(join(tmpdir(), 'ccp-kafka-mirror-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fixture = (type: string) =>
  JSON.parse(readFileSync(join(root, 'schemas', 'events', 'fixtures', `${type}.json`), 'utf8'));

function clusterEvent(type: 'published' | 'archived', clusterId: string, sequence: number) {
  const event = fixture(`ccp.registry.cluster.${type}.v1`);
  return { ...event, id: randomUUID(), subject: clusterId, sequence, data: { ...event.data, clusterId } };
}

describe('the example Kafka mirror (clients/examples/kafka-mirror.mjs)', () => {
  it('When events arrive with duplicates, stale and invalid ones, then the mirror holds exactly the published clusters', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const bPublished = clusterEvent('published', b, 3);
    const invalid = clusterEvent('published', c, 1);
    delete invalid.data.name; // required by the schema
    const events = [
      clusterEvent('published', a, 6),
      clusterEvent('archived', a, 9),
      clusterEvent('published', a, 5), // older than the archiving: must not bring it back
      bPublished,
      bPublished, // at-least-once delivery: the same event twice
      invalid,
    ];
    const producer = new Kafka({ clientId: 'mirror-test', brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}ccp.registry.cluster.v1`,
      acks: -1,
      messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
    });
    await producer.disconnect();

    const out = join(tmp, 'mirror.json');
    const res = spawnSync(
      process.execPath,
      [join(root, 'clients', 'examples', 'kafka-mirror.mjs'), '--out', out, '--group', `mirror-test-${randomUUID()}`, '--idle-exit-ms', '4000'],
      { env: { ...process.env, KAFKA_TOPIC_PREFIX: prefix }, encoding: 'utf8', timeout: 90_000 },
    );
    expect(res.status).toBe(0);
    const mirror = JSON.parse(readFileSync(out, 'utf8'));
    expect(mirror.clusters[a]).toBeUndefined();
    expect(mirror.seen[a]).toBe(9);
    expect(mirror.clusters[b]).toMatchObject({ id: b, economy: 'PE', sequence: 3 });
    expect(mirror.clusters[c]).toBeUndefined();
    expect(res.stderr + res.stdout).toMatch(new RegExp(`skipped ccp.registry.cluster.published.v1 ${invalid.id}`));
  });
});
