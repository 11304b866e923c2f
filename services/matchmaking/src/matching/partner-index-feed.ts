import { type CloudEvent, type Logger, TOPICS } from '@ccp/kit';
import type { Consumer, Kafka } from 'kafkajs';
import type { PartnerIndex } from './partner-index.js';

export interface FeedTopics {
  cluster: string;
  request: string;
  collaboration: string;
}

export interface PartnerIndexFeedOptions {
  kafka: Kafka;
  index: PartnerIndex;
  logger?: Logger;
  /** This process's own group (one per process, so every replica sees every partition). */
  groupId: string;
  /** The cluster facts consumer group, whose committed offsets mark what the database already holds. */
  factsGroupId: string;
  /** TOPICS' unless a test needs topics of its own. */
  topics?: FeedTopics;
}

type Position = { topic: string; partition: number; offset: string };

/**
 * Keeps a process's partner index current with what other processes do: the cluster events another
 * replica's facts consumer stores (the group splits the topic's partitions between replicas), and accepted
 * match requests and agreed collaborations, whichever replica wrote them. `noteStart` runs before the index
 * is loaded from the database and notes where to read from: on the cluster topic the facts group's committed
 * offsets (everything before them is in the database; a partition without one is read from its start), on
 * the request and collaboration topics their ends (those documents are written before their events leave).
 * Applying an event twice changes nothing (sequence guards; a connection is a set member).
 */
export class PartnerIndexFeed {
  private consumer: Consumer | undefined;
  private positions: Position[] = [];
  private readonly topics: FeedTopics;

  constructor(private readonly opts: PartnerIndexFeedOptions) {
    this.topics = opts.topics ?? {
      cluster: TOPICS.cluster,
      request: TOPICS.request,
      collaboration: TOPICS.collaboration,
    };
  }

  async noteStart(): Promise<void> {
    const { kafka, factsGroupId } = this.opts;
    const { cluster, request, collaboration } = this.topics;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId: factsGroupId, topics: [cluster] });
      const committedAt = new Map(
        (committed[0]?.partitions ?? []).map((p) => [p.partition, p.offset] as const),
      );
      const clusters = (await admin.fetchTopicOffsets(cluster)).map((p) => {
        const at = committedAt.get(p.partition);
        return { topic: cluster, partition: p.partition, offset: at && Number(at) >= 0 ? at : p.low };
      });
      const ends = async (topic: string) =>
        (await admin.fetchTopicOffsets(topic)).map((p) => ({
          topic,
          partition: p.partition,
          offset: p.high,
        }));
      this.positions = [...clusters, ...(await ends(request)), ...(await ends(collaboration))];
    } finally {
      await admin.disconnect();
    }
  }

  /** One event from any of the topics; false when it changed nothing. */
  apply(event: CloudEvent): boolean {
    if (event.type.startsWith('ccp.registry.cluster.')) return this.opts.index.applyClusterEvent(event);
    return this.opts.index.applyConnectionEvent(event);
  }

  async start(): Promise<void> {
    const { kafka, groupId, logger } = this.opts;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: Object.values(this.topics), fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        try {
          const event = JSON.parse(message.value.toString('utf8')) as CloudEvent;
          if (
            typeof event?.type === 'string' &&
            typeof event.subject === 'string' &&
            Number.isInteger(event.sequence)
          ) {
            this.apply(event);
          }
        } catch (err) {
          logger?.warn({ err }, 'partner index: unreadable event skipped');
        }
      },
    });
    for (const position of this.positions) consumer.seek(position);
  }

  /** Stops following and removes the process's group (it is never joined again). */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (!consumer) return;
    await consumer.disconnect();
    const admin = this.opts.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([this.opts.groupId]).catch(() => {});
    } finally {
      await admin.disconnect();
    }
  }
}
