import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CloudEvent,
  type Logger,
  makeEvent,
  TopicFollower,
  topicEnds,
  toMessage,
} from '../src/index.js';
import {
  connectedProducer,
  createTestTopic,
  deleteTestTopic,
  testKafka,
  waitFor,
} from '../src/testing/index.js';

const kafka = testKafka();
let producer: Producer;
let topic: string;

const event = (subject: string, note: string): CloudEvent =>
  makeEvent({
    service: 'registry',
    type: 'ccp.registry.cluster.updated.v1',
    subject,
    sequence: 1,
    data: { note },
  });

async function send(...values: (CloudEvent | string)[]) {
  await producer.send({
    topic,
    acks: -1,
    messages: values.map((v, i) =>
      typeof v === 'string'
        ? { key: `raw-${i}`, value: v }
        : { key: toMessage(v).key, value: toMessage(v).value },
    ),
  });
}

async function groups(): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.listGroups()).groups.map((g) => g.groupId);
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  producer = await connectedProducer(kafka);
  topic = await createTestTopic(kafka, 'follower');
});

afterAll(async () => {
  await producer?.disconnect();
  if (topic) await deleteTestTopic(kafka, topic);
});

describe('TopicFollower', () => {
  it('When it starts from the ends noted before a load, then it applies everything sent since and nothing from before, skipping what it cannot read', async () => {
    await send(...['a', 'b', 'c'].map((s) => event(`before-${s}`, 'before')));
    const ends = await topicEnds(kafka, [topic]);
    await send(
      ...['a', 'b', 'c'].map((s) => event(`meanwhile-${s}`, 'meanwhile')),
      'not json',
      event('bad', 'throws'),
    );
    const applied: string[] = [];
    const warned: string[] = [];
    const logger = { warn: (_: unknown, msg: string) => warned.push(msg) } as unknown as Logger;
    const groupId = `test-follower-${randomUUID()}`;
    const follower = new TopicFollower({
      kafka,
      groupId,
      topics: [topic],
      logger,
      skipped: 'read model: unreadable event skipped',
      deleteGroupOnStop: true,
      apply: async (e) => {
        if (e.subject === 'bad') throw new Error('cannot apply');
        applied.push(e.subject);
      },
    });
    try {
      await follower.start(ends);
      await send(event('after', 'after'));
      await waitFor(() => (applied.includes('after') && warned.length === 2 ? true : undefined), {
        timeoutMs: 20_000,
        what: 'the follower to apply what came after the noted ends',
      });
    } finally {
      await follower.stop();
    }

    expect(ends.map((p) => p.topic)).toEqual([topic, topic, topic]);
    expect(applied.sort()).toEqual(['after', 'meanwhile-a', 'meanwhile-b', 'meanwhile-c']);
    expect(warned).toEqual(['read model: unreadable event skipped', 'read model: unreadable event skipped']);
    expect(await groups()).not.toContain(groupId);
  });

  it('When it is stopped without deleting its group, then the group remains; stopping twice is harmless', async () => {
    const groupId = `test-follower-${randomUUID()}`;
    const follower = new TopicFollower({
      kafka,
      groupId,
      topics: [topic],
      skipped: 'skipped',
      apply: () => {},
    });
    await follower.start(await topicEnds(kafka, [topic]));
    await follower.stop();
    await follower.stop();

    expect(await groups()).toContain(groupId);
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => {});
    await admin.disconnect();
  });
});
