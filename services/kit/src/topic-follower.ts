import type { Consumer, Kafka } from 'kafkajs';
import type { CloudEvent } from './events.js';
import type { Logger } from './logger.js';

/** Where to start reading one partition. */
export interface TopicPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** Where each partition of the topics ends now: noted before an in-memory read model loads from the database. */
export async function topicEnds(kafka: Kafka, topics: readonly string[]): Promise<TopicPosition[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends: TopicPosition[] = [];
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic))
        ends.push({ topic, partition: p.partition, offset: p.high });
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

export interface TopicFollowerOptions {
  kafka: Kafka;
  /** A group of this process's own, so every replica reads every partition. */
  groupId: string;
  topics: readonly string[];
  /** Each message's parsed value (not validated); a throw or rejection skips the message with a warning. */
  apply(event: CloudEvent): unknown;
  logger?: Logger;
  /** What the warning says when a message is skipped. */
  skipped: string;
  /** Remove the group on stop (it is never joined again). */
  deleteGroupOnStop?: boolean;
}

/**
 * Keeps an in-memory read model current: reads the topics from the positions noted before the model loaded
 * (a partition without one from where its group left off, else the end), one message at a time. Without
 * commits that matter: a restarted process loads again and notes new positions.
 */
export class TopicFollower {
  private consumer: Consumer | undefined;

  constructor(private readonly opts: TopicFollowerOptions) {}

  async start(from: readonly TopicPosition[] = []): Promise<void> {
    const { kafka, groupId, topics, apply, logger, skipped } = this.opts;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        try {
          await apply(JSON.parse(message.value.toString('utf8')) as CloudEvent);
        } catch (err) {
          logger?.warn({ err }, skipped);
        }
      },
    });
    for (const position of from) consumer.seek(position);
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (!consumer) return;
    await consumer.disconnect();
    if (!this.opts.deleteGroupOnStop) return;
    const admin = this.opts.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([this.opts.groupId]).catch(() => {});
    } finally {
      await admin.disconnect();
    }
  }
}
