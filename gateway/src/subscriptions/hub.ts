import { randomUUID } from 'node:crypto';
import type { Logger } from '@ccp/kit';
import { GraphQLError } from 'graphql';
import type { Consumer, Kafka } from 'kafkajs';
import { decodeCursor, hubUnavailable } from './cursor.js';
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
  /** The consumer crashed after the hub was started: its subscribers were failed; the owner restarts the hub. */
  onCrash?: (err: Error) => void;
}

/** starting (also between a failed start and the next), ready (follows the topics live), stopped. */
export type HubState = 'starting' | 'ready' | 'stopped';

interface Feed {
  stream: StreamDefinition;
  topic: string;
  buffer: ReplayBuffer<StreamItem | null>;
  /** Where each partition ended when the hub started: the prefill is done once every partition got there. */
  startEnds: number[];
}

/** One start attempt's outcome, awaited by the subscribers that arrive while it runs. */
class Gate {
  readonly settled: Promise<void>;
  open!: () => void;
  fail!: (err: GraphQLError) => void;
  constructor() {
    this.settled = new Promise<void>((resolve, reject) => {
      this.open = resolve;
      this.fail = reject;
    });
    this.settled.catch(() => {});
  }
}

/**
 * One Kafka consumer per gateway process, in a group of its own (deleted on stop), so every replica reads
 * every partition. At start it reads back the last `replayPerPartition` events of each partition into
 * per-topic replay buffers, then follows the topics live; subscribers follow a buffer once the hub is ready.
 * A failed start or a consumer crash fails every subscriber with SERVICE_UNAVAILABLE (they resume by cursor
 * on the next start, which prefills again), so none is left waiting on a consumer that is gone.
 */
export class EventHub {
  private feeds = new Map<string, Feed>();
  private consumer: Consumer | undefined;
  /** A group of its own per start: a crashed member that could not leave would hold a reused group for its session timeout. */
  private groupId = '';
  private gate = new Gate();
  /** The newest position this hub knew per topic, kept across a failure: where a subscriber arriving meanwhile starts. */
  private readonly lastHeads = new Map<string, readonly number[]>();
  private current: HubState = 'starting';

  constructor(private readonly opts: HubOptions) {}

  get state(): HubState {
    return this.current;
  }

  /** Resolves once the prefill reached where the topics ended at start (the first start, or the next one). */
  get ready(): Promise<void> {
    return this.gate.settled;
  }

  /**
   * Resolves when the hub is ready; rejects with SERVICE_UNAVAILABLE when the start under way fails, the hub
   * stops, or it is not ready within `timeoutMs`.
   */
  async whenReady(timeoutMs: number): Promise<void> {
    if (this.current === 'ready') return;
    if (this.current === 'stopped') throw hubUnavailable('subscriptions are stopping; subscribe again with your cursor');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(hubUnavailable(`subscriptions are starting (not ready within ${timeoutMs} ms); retry shortly`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.gate.settled, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async start(): Promise<void> {
    if (this.current === 'stopped') return;
    this.current = 'starting';
    try {
      await this.startConsumer();
    } catch (err) {
      this.fail(err as Error, 'the subscription hub could not start; subscribe again shortly');
      throw err;
    }
  }

  private async startConsumer(): Promise<void> {
    const { kafka, streams, topicPrefix, replayPerPartition, logger } = this.opts;
    const feeds = new Map<string, Feed>();
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const stream of streams) {
        const topic = `${topicPrefix}${stream.topic}`;
        const offsets = (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition);
        const ends = offsets.map((p) => Number(p.high));
        const start = offsets.map((p) => Math.max(Number(p.low), Number(p.high) - replayPerPartition));
        feeds.set(topic, { stream, topic, buffer: new ReplayBuffer(topic, start, replayPerPartition), startEnds: ends });
        if (!this.lastHeads.has(topic)) this.lastHeads.set(topic, ends);
      }
    } finally {
      await admin.disconnect();
    }
    this.feeds = feeds;
    this.groupId = `${this.opts.groupPrefix}-gateway-${randomUUID()}`;
    // The hub restarts itself (a fresh prefill, subscribers resuming by cursor), not kafkajs behind its back.
    const consumer = kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 250,
      retry: { restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.consumer !== consumer) return;
      logger.error({ err: payload.error, groupId: this.groupId }, 'subscription hub consumer crashed');
      this.fail(payload.error, 'the subscription hub lost Kafka; subscribe again with your cursor');
      this.opts.onCrash?.(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...feeds.keys()], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const feed = feeds.get(topic);
        if (!feed) return;
        feed.buffer.append(partition, Number(message.offset), streamItem(feed.stream, message.value));
        this.checkCaughtUp(feeds);
      },
    });
    for (const feed of feeds.values()) {
      feed.buffer.nextOffsets().forEach((offset, partition) => {
        consumer.seek({ topic: feed.topic, partition, offset: String(offset) });
      });
    }
    this.checkCaughtUp(feeds);
    logger.info({ groupId: this.groupId, topics: [...feeds.keys()] }, 'subscription hub started');
  }

  private checkCaughtUp(feeds: Map<string, Feed>): void {
    if (this.current !== 'starting' || feeds !== this.feeds) return;
    for (const feed of feeds.values()) {
      const next = feed.buffer.nextOffsets();
      if (feed.startEnds.some((end, p) => (next[p] ?? 0) < end)) return;
    }
    this.current = 'ready';
    this.gate.open();
  }

  /** Ends every subscriber and every waiter with a retryable error; the next start begins afresh. */
  private fail(err: Error, message: string): void {
    const unavailable = hubUnavailable(message);
    for (const feed of this.feeds.values()) {
      feed.buffer.fail(unavailable);
      this.lastHeads.set(feed.topic, [...feed.buffer.nextOffsets()]);
    }
    this.feeds = new Map();
    if (this.current !== 'stopped') this.current = 'starting';
    const gate = this.gate;
    this.gate = new Gate();
    gate.fail(unavailable);
    this.opts.logger.warn({ err }, 'subscription hub failed its subscribers');
  }

  private feedOf(stream: StreamDefinition): Feed {
    const feed = this.current === 'ready' ? this.feeds.get(`${this.opts.topicPrefix}${stream.topic}`) : undefined;
    if (!feed) throw hubUnavailable('subscriptions are starting (the gateway is connecting to Kafka); retry shortly');
    return feed;
  }

  /** Checks `after` (BAD_USER_INPUT naming it) and returns the offsets it holds. */
  positionOf(stream: StreamDefinition, after: string): number[] {
    const { buffer, topic } = this.feedOf(stream);
    return decodeCursor(after, topic, buffer.partitions).offsets;
  }

  /**
   * "Now" for a subscriber without a cursor that arrives while the hub is not ready (undefined when it is, or
   * before the first start read where the topics end): the newest position this hub knew. Passed back to
   * `follow` once ready, so the subscriber misses nothing that happened after it subscribed.
   */
  positionWhileStarting(stream: StreamDefinition): readonly number[] | undefined {
    if (this.current === 'ready') return undefined;
    return this.lastHeads.get(`${this.opts.topicPrefix}${stream.topic}`) ?? [];
  }

  /**
   * Follows a stream from `from` (a decoded cursor) or from now, once the hub is ready. `arrivedAt` (from
   * `positionWhileStarting`) starts a subscriber that waited for the start no later than where it arrived (an
   * empty one: where the topics ended when this start began). Throws CURSOR_EXPIRED, or SERVICE_UNAVAILABLE while
   * the hub is not ready.
   */
  follow(
    stream: StreamDefinition,
    subscriber: Subscriber<StreamItem | null>,
    from?: readonly number[],
    arrivedAt?: readonly number[],
  ): () => void {
    const { buffer, startEnds } = this.feedOf(stream);
    const oldest = buffer.oldestOffsets();
    const early = arrivedAt?.length === startEnds.length ? arrivedAt : arrivedAt && startEnds;
    const position =
      from ??
      early?.map((offset, p) => Math.min(Math.max(offset, oldest[p] ?? 0), buffer.nextOffsets()[p] ?? 0)) ??
      buffer.nextOffsets().map((offset, p) => Math.max(offset, startEnds[p] ?? 0));
    return buffer.follow(subscriber, position);
  }

  /** Leaves Kafka; with `final` (the gateway stops) waiters are refused instead of kept for a next start. */
  async stop({ final = true }: { final?: boolean } = {}): Promise<void> {
    if (final) {
      this.current = 'stopped';
      this.gate.fail(hubUnavailable('subscriptions are stopping; subscribe again with your cursor'));
    }
    const consumer = this.consumer;
    const groupId = this.groupId;
    this.consumer = undefined;
    if (!consumer) return;
    await consumer.disconnect();
    const admin = this.opts.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([groupId]).catch(() => {});
    } finally {
      await admin.disconnect();
    }
  }
}
