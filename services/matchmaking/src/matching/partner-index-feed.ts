import { type CloudEvent, type Logger, TOPICS, TopicFollower, type TopicPosition, topicEnds } from '@ccp/kit';
import type { Kafka } from 'kafkajs';
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
  private readonly follower: TopicFollower;
  private positions: TopicPosition[] = [];
  private readonly topics: FeedTopics;

  constructor(private readonly opts: PartnerIndexFeedOptions) {
    this.topics = opts.topics ?? {
      cluster: TOPICS.cluster,
      request: TOPICS.request,
      collaboration: TOPICS.collaboration,
    };
    this.follower = new TopicFollower({
      kafka: opts.kafka,
      groupId: opts.groupId,
      topics: Object.values(this.topics),
      apply: (event) => {
        const wellFormed =
          typeof event?.type === 'string' &&
          typeof event.subject === 'string' &&
          Number.isInteger(event.sequence);
        if (wellFormed) this.apply(event);
      },
      logger: opts.logger,
      skipped: 'partner index: unreadable event skipped',
      deleteGroupOnStop: true,
    });
  }

  async noteStart(): Promise<void> {
    const { kafka, factsGroupId } = this.opts;
    const { cluster, request, collaboration } = this.topics;
    const admin = kafka.admin();
    await admin.connect();
    let clusters: TopicPosition[];
    try {
      const committed = await admin.fetchOffsets({ groupId: factsGroupId, topics: [cluster] });
      const committedAt = new Map(
        (committed[0]?.partitions ?? []).map((p) => [p.partition, p.offset] as const),
      );
      clusters = (await admin.fetchTopicOffsets(cluster)).map((p) => {
        const at = committedAt.get(p.partition);
        return { topic: cluster, partition: p.partition, offset: at && Number(at) >= 0 ? at : p.low };
      });
    } finally {
      await admin.disconnect();
    }
    this.positions = [...clusters, ...(await topicEnds(kafka, [request, collaboration]))];
  }

  /** One event from any of the topics; false when it changed nothing. */
  apply(event: CloudEvent): boolean {
    if (event.type.startsWith('ccp.registry.cluster.')) return this.opts.index.applyClusterEvent(event);
    return this.opts.index.applyConnectionEvent(event);
  }

  start(): Promise<void> {
    return this.follower.start(this.positions);
  }

  /** Stops following and removes the process's group (it is never joined again). */
  stop(): Promise<void> {
    return this.follower.stop();
  }
}
