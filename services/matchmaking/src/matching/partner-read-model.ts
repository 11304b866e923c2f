import { randomUUID } from 'node:crypto';
import type { Logger } from '@ccp/kit';
import type { Kafka } from 'kafkajs';
import { CLUSTER_FACTS_GROUP, ClusterFactsProjection } from '../events/cluster-facts.js';
import { connectedPairs } from '../domain/connections.js';
import type { ClusterFactsModel } from '../model/cluster-facts.js';
import type { CollaborationModel } from '../model/collaboration.js';
import type { MatchRequestModel } from '../model/match-request.js';
import { PartnerIndex } from './partner-index.js';
import { PartnerIndexFeed } from './partner-index-feed.js';

export interface PartnerReadModelOptions {
  kafka: Kafka;
  logger?: Logger;
  facts: ClusterFactsModel;
  matchRequests: MatchRequestModel;
  collaborations: CollaborationModel;
  /** The cluster facts consumer group (`ccp-matchmaking` unless given). */
  factsGroupId?: string;
  /** This process's follower group; a new one per process unless given. */
  feedGroupId?: string;
}

/**
 * Builds and loads the process's partner index: notes where its feed must follow from, then reads the
 * cluster facts and the connected pairs from the database. The projection keeps facts and index current from the facts consumer;
 * the feed (a background worker) from other processes' changes.
 */
export async function loadPartnerReadModel(opts: PartnerReadModelOptions) {
  const index = new PartnerIndex();
  const projection = new ClusterFactsProjection(opts.facts, index);
  const feed = new PartnerIndexFeed({
    kafka: opts.kafka,
    index,
    logger: opts.logger,
    groupId: opts.feedGroupId ?? `ccp-matchmaking-partner-index-${randomUUID()}`,
    factsGroupId: opts.factsGroupId ?? CLUSTER_FACTS_GROUP,
  });
  await feed.noteStart();
  await projection.load();
  for (const [a, b] of await connectedPairs(opts)) index.connect(a, b);
  return { index, projection, feed };
}
