import { apiKeySubject, type CloudEvent, derivedUuid, type EventValidator, type Logger, TOPICS } from '@ccp/kit';
import type { Consumer, Kafka } from 'kafkajs';
import { endpointWants } from '../domain/matching.js';
import type { Dispatcher } from '../delivery/dispatcher.js';
import type { DeliveryRecord, DeliveryStore } from '../model/delivery.js';
import type { EndpointRecord, EndpointStore } from '../model/endpoint.js';

export const CONSUMER_GROUP = 'ccp-integrations';

/** The public topics webhooks carry, and the accounts topic for users' erasure (never sent anywhere). */
export const fanOutTopics = () => [TOPICS.cluster, TOPICS.economy, TOPICS.kpi, TOPICS.offer, TOPICS.user];

const ERASED = 'ccp.accounts.user.erased.v1';
const GRANTED = 'ccp.accounts.user.granted.v1';
const REVOKED = 'ccp.accounts.user.revoked.v1';
const API_KEY_REVOKED = 'ccp.accounts.user.api-key-revoked.v1';

export interface FanOutOptions {
  kafka: Kafka;
  groupId?: string;
  topics?: string[];
  validator: EventValidator;
  logger: Logger;
  endpoints: EndpointStore;
  deliveries: DeliveryStore;
  dispatcher: Dispatcher;
  /**
   * Removes an owner's endpoints and deliveries: a user's (on `ccp.accounts.user.erased.v1`) or an API key's,
   * `api-key:<id>` (on `ccp.accounts.user.api-key-revoked.v1`).
   */
  eraseOwner(owner: string): Promise<void>;
  /** Keeps an owner's saved grants current (on `ccp.accounts.user.granted.v1` / `revoked.v1`). */
  changeGrant(
    change: { userId: string; role: string; clusterId?: string; economy?: string },
    granted: boolean,
  ): Promise<void>;
  /** A new group starts at the end unless this is set (tests read their own topics from the start). */
  fromBeginning?: boolean;
}

/** One delivery per endpoint that wants the event; the id is derived, so a redelivered event adds nothing. */
export function deliveriesFor(
  event: CloudEvent,
  payload: string,
  endpoints: EndpointRecord[],
  now = new Date(),
): DeliveryRecord[] {
  return endpoints
    .filter((e) => endpointWants(e, event))
    .map((e) => ({
      id: derivedUuid(event.id, e.id),
      endpointId: e.id,
      owner: e.owner,
      eventId: event.id,
      eventType: event.type,
      subject: event.subject,
      eventTime: new Date(event.time),
      payload,
      status: 'PENDING' as const,
      attempts: [],
      createdAt: now,
      windowStart: null,
      windowFailures: 0,
      nextAttemptAt: now,
      deliveredAt: null,
      seq: 0,
    }));
}

/**
 * The consumer group that turns events into deliveries: a partition's fetched batch becomes stored
 * deliveries (one insert for the batch) before its offsets are committed, so a crash re-reads the batch
 * and the derived ids keep the deliveries single (at least once, never lost). The body kept is the
 * message's value as it is on Kafka, byte for byte.
 */
export class FanOutConsumer {
  private consumer: Consumer | undefined;

  constructor(private readonly opts: FanOutOptions) {}

  async start(): Promise<void> {
    const { kafka, groupId = CONSUMER_GROUP, topics = fanOutTopics() } = this.opts;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    await consumer.connect();
    // A new group starts at the end: endpoints receive what happens after they exist, not the history.
    await consumer.subscribe({ topics, fromBeginning: this.opts.fromBeginning ?? false });
    await consumer.run({
      eachBatchAutoResolve: true,
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch, heartbeat }) => {
        const events: { event: CloudEvent; payload: string }[] = [];
        for (const message of batch.messages) {
          const payload = message.value?.toString('utf8') ?? '';
          let parsed: unknown;
          try {
            parsed = JSON.parse(payload);
          } catch {
            this.opts.logger.warn(
              { topic: batch.topic, offset: message.offset },
              'skipped a value that is not JSON',
            );
            continue;
          }
          const result = this.opts.validator.validate(parsed);
          if (!result.ok) {
            // The producing service's own consumers dead-letter it; an invalid event is never sent out.
            this.opts.logger.warn(
              { topic: batch.topic, offset: message.offset, reason: result.reason },
              'skipped an invalid event',
            );
            continue;
          }
          events.push({ event: result.event, payload });
        }
        await this.apply(events);
        await heartbeat();
      },
    });
    this.consumer = consumer;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /** Stores and schedules the deliveries of these events (also what tests feed directly). */
  async apply(events: { event: CloudEvent; payload: string }[]): Promise<DeliveryRecord[]> {
    const { endpoints, deliveries, dispatcher } = this.opts;
    const records: DeliveryRecord[] = [];
    for (const { event, payload } of events) {
      if (event.type === ERASED) {
        await this.opts.eraseOwner((event.data as { userId: string }).userId);
        continue;
      }
      if (event.type === API_KEY_REVOKED) {
        await this.opts.eraseOwner(apiKeySubject((event.data as { apiKeyId: string }).apiKeyId));
        continue;
      }
      if (event.type === GRANTED || event.type === REVOKED) {
        await this.opts.changeGrant(event.data as { userId: string; role: string }, event.type === GRANTED);
        continue;
      }
      if (event.type.startsWith('ccp.accounts.')) continue;
      records.push(...deliveriesFor(event, payload, endpoints.all()));
    }
    const created = await deliveries.insertNew(records);
    for (const r of created) dispatcher.add(r);
    return created;
  }
}
