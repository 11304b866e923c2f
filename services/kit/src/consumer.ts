import type { Batch, Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Collection, Model } from 'mongoose';
import { type CloudEvent, CLOUDEVENTS_CONTENT_TYPE, type EventValidator, TOPICS } from './events.js';
import type { Logger } from './logger.js';
import { eventsConsumed } from './metrics.js';

export type HandleResult = 'applied' | 'skipped';

export interface EventConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  validator: EventValidator;
  /** Where schema-invalid events go, with their reason. */
  producer: Producer;
  logger: Logger;
  /** One event at a time (most read models). */
  handle?(event: CloudEvent): Promise<HandleResult>;
  /**
   * Or a partition's fetched batch at once, the invalid events already dead-lettered: for read models that
   * write many events in one command. The offsets are committed once it resolves.
   */
  handleBatch?(events: CloudEvent[], source: BatchSource): Promise<void>;
  /** Batch mode: how many partitions' batches may be handled at once (1 unless given). */
  partitionsConsumedConcurrently?: number;
  /** Called when the group (re)assigns partitions, with this member's: state kept per partition must be read again. */
  onGroupJoin?(assigned: BatchSource[]): void;
}

export interface BatchSource {
  topic: string;
  partition: number;
}

/** What a service hands each of its consumers. */
export type ConsumerDeps = Pick<EventConsumerOptions, 'kafka' | 'producer' | 'validator' | 'logger'>;

/**
 * A consumer group member that validates every event, dead-letters what does not match its schema and
 * goes on, and hands the rest to an idempotent handler (see `applyOnce`). A handler error is retried by
 * kafkajs (the offset is not committed), so a transient database failure loses nothing.
 */
export class EventConsumer {
  private consumer: Consumer | undefined;

  constructor(private readonly opts: EventConsumerOptions) {}

  get groupId(): string {
    return this.opts.groupId;
  }

  async start(): Promise<void> {
    const { kafka, groupId, topics } = this.opts;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    await consumer.connect();
    // A new group starts at the beginning: read models are built from the whole history.
    await consumer.subscribe({ topics, fromBeginning: true });
    const { onGroupJoin } = this.opts;
    if (onGroupJoin) {
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) =>
        onGroupJoin(
          Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) =>
            partitions.map((partition) => ({ topic, partition })),
          ),
        ),
      );
    }
    if (this.opts.handleBatch) {
      await consumer.run({
        partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 1,
        eachBatch: async ({ batch, heartbeat }) => this.processBatch(batch, heartbeat),
      });
    } else {
      await consumer.run({
        eachMessage: async ({ topic, partition, message }) => this.process(topic, partition, message),
      });
    }
    this.consumer = consumer;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /** Rewinds the group to the start of its topics (the group must have no running members). */
  async rewindToEarliest(): Promise<void> {
    await this.stop();
    const admin = this.opts.kafka.admin();
    await admin.connect();
    try {
      for (const topic of this.opts.topics) await admin.resetOffsets({ groupId: this.opts.groupId, topic, earliest: true });
    } finally {
      await admin.disconnect();
    }
  }

  private async process(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    const { groupId, logger, handle } = this.opts;
    const event = await this.validEvent(topic, partition, message);
    if (!event || !handle) return;
    const outcome = await handle(event);
    eventsConsumed.inc({ group: groupId, type: event.type, result: outcome });
    logger.debug({ type: event.type, subject: event.subject, outcome }, 'event consumed');
  }

  private async processBatch(batch: Batch, heartbeat: () => Promise<void>): Promise<void> {
    const { topic, partition } = batch;
    const events: CloudEvent[] = [];
    for (const message of batch.messages) {
      const event = await this.validEvent(topic, partition, message);
      if (event) events.push(event);
    }
    if (events.length) await this.opts.handleBatch?.(events, { topic, partition });
    for (const event of events) eventsConsumed.inc({ group: this.opts.groupId, type: event.type, result: 'applied' });
    await heartbeat();
  }

  /** The message's event, or null once it has been dead-lettered. */
  private async validEvent(topic: string, partition: number, message: KafkaMessage): Promise<CloudEvent | null> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.value?.toString('utf8') ?? '');
    } catch {
      await this.deadLetter(topic, partition, message, 'value is not JSON');
      return null;
    }
    const result = this.opts.validator.validate(parsed);
    if (result.ok) return result.event;
    await this.deadLetter(topic, partition, message, result.reason);
    return null;
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, reason: string): Promise<void> {
    const { producer, groupId, logger } = this.opts;
    logger.warn({ topic, partition, offset: message.offset, reason }, 'event dead-lettered');
    await producer.send({
      topic: TOPICS.deadletter,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            'content-type': CLOUDEVENTS_CONTENT_TYPE,
            'ccp-dlq-reason': reason,
            'ccp-dlq-topic': topic,
            'ccp-dlq-partition': String(partition),
            'ccp-dlq-offset': message.offset,
            'ccp-dlq-group': groupId,
          },
        },
      ],
    });
    eventsConsumed.inc({ group: groupId, type: 'invalid', result: 'deadlettered' });
  }
}

export interface AppliedMarker {
  sequence: number;
  eventId: string;
}

/**
 * Applies one event to a per-aggregate read-model document exactly once: the dedupe marker (the last
 * applied sequence and event id) and the change are one single-document write. An event whose sequence
 * is not newer than the one applied (a redelivery, a replay, an older event) changes nothing.
 */
export async function applyOnce(
  target: Model<any> | Collection,
  id: string,
  event: CloudEvent,
  state: Record<string, unknown>,
): Promise<HandleResult> {
  const applied: AppliedMarker = { sequence: event.sequence, eventId: event.id };
  const collection = 'collection' in target ? target.collection : target;
  const res = await collection.updateOne(
    { _id: id as never, 'applied.sequence': { $lt: event.sequence } },
    { $set: { ...state, applied } },
  );
  if (res.matchedCount === 1) return 'applied';
  try {
    await collection.insertOne({ _id: id as never, ...state, applied });
    return 'applied';
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return 'skipped';
    throw err;
  }
}
