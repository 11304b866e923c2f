import { randomUUID } from 'node:crypto';
import type { Logger } from '@ccp/kit';
import { GraphQLError } from 'graphql';
import type { Consumer, Kafka } from 'kafkajs';
import { decodeCursor } from './cursor.js';
import { ReplayBuffer, type Subscriber } from './replay-buffer.js';
import { type StreamDefinition, type StreamItem, streamItem } from './streams.js';

export interface HubOptions {
  kafka: Kafka;
  streams: readonly StreamDefinition[];
  topicPrefix: string;
  groupPrefix: string;
  /** Events kept per partition; at start the last this many of every partition are read back from Kafka. */
  replayPerPartition: number;
  logger: Logger;
}

interface Feed {
  stream: StreamDefinition;
  topic: string;
  buffer: ReplayBuffer<StreamItem | null>;
  /** Where each partition ended when the hub started: the prefill is done once every partition got there. */
  startEnds: number[];
}

/**
 * One Kafka consumer per gateway process, in a group of its own (deleted on stop), so every replica reads
 * every partition. At start it reads back the last `replayPerPartition` events of each partition into
 * per-topic replay buffers, then follows the topics live; subscribers follow a buffer.
 */
export class EventHub {
  private readonly feeds = new Map<string, Feed>();
  private consumer: Consumer | undefined;
  private readonly groupId: string;
  private caughtUp!: () => void;
  /** Resolves once the prefill reached where the topics ended at start. */
  readonly ready = new Promise<void>((resolve) => {
    this.caughtUp = resolve;
  });

  constructor(private readonly opts: HubOptions) {
    this.groupId = `${opts.groupPrefix}-gateway-${randomUUID()}`;
  }

  async start(): Promise<void> {
    const { kafka, streams, topicPrefix, replayPerPartition, logger } = this.opts;
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const stream of streams) {
        const topic = `${topicPrefix}${stream.topic}`;
        const offsets = (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition);
        const ends = offsets.map((p) => Number(p.high));
        const start = offsets.map((p) => Math.max(Number(p.low), Number(p.high) - replayPerPartition));
        this.feeds.set(topic, { stream, topic, buffer: new ReplayBuffer(topic, start, replayPerPartition), startEnds: ends });
      }
    } finally {
      await admin.disconnect();
    }
    const consumer = kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 250 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.feeds.keys()], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const feed = this.feeds.get(topic);
        if (!feed) return;
        feed.buffer.append(partition, Number(message.offset), streamItem(feed.stream, message.value));
        this.checkCaughtUp();
      },
    });
    for (const feed of this.feeds.values()) {
      feed.buffer.nextOffsets().forEach((offset, partition) => {
        consumer.seek({ topic: feed.topic, partition, offset: String(offset) });
      });
    }
    this.checkCaughtUp();
    logger.info({ groupId: this.groupId, topics: [...this.feeds.keys()] }, 'subscription hub started');
  }

  private checkCaughtUp(): void {
    for (const feed of this.feeds.values()) {
      const next = feed.buffer.nextOffsets();
      if (feed.startEnds.some((end, p) => (next[p] ?? 0) < end)) return;
    }
    this.caughtUp();
  }

  private feedOf(stream: StreamDefinition): Feed {
    const feed = this.feeds.get(`${this.opts.topicPrefix}${stream.topic}`);
    if (!feed) {
      throw new GraphQLError('subscriptions are starting (the gateway is connecting to Kafka); retry shortly', {
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    }
    return feed;
  }

  /** Checks `after` (BAD_USER_INPUT naming it) and returns the offsets it holds. */
  positionOf(stream: StreamDefinition, after: string): number[] {
    const { buffer, topic } = this.feedOf(stream);
    return decodeCursor(after, topic, buffer.partitions).offsets;
  }

  /**
   * Follows a stream from `from` (a decoded cursor) or from now. "Now" during the prefill is where the topics
   * ended at start, so a new subscriber is not sent the history being read back. Throws CURSOR_EXPIRED.
   */
  follow(stream: StreamDefinition, subscriber: Subscriber<StreamItem | null>, from?: readonly number[]): () => void {
    const { buffer, startEnds } = this.feedOf(stream);
    const position = from ?? buffer.nextOffsets().map((offset, p) => Math.max(offset, startEnds[p] ?? 0));
    return buffer.follow(subscriber, position);
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (!consumer) return;
    await consumer.disconnect();
    const admin = this.opts.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([this.groupId]).catch(() => {});
    } finally {
      await admin.disconnect();
    }
  }
}
