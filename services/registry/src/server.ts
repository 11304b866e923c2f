import { type Caller, createSubgraphApollo, type EventValidator, type Logger, OutboxRelay } from '@ccp/kit';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type Context, createContext } from './context.js';
import type { RegistryDeps } from './domain/deps.js';
import { userErasureConsumer, userErasureHandler } from './events/user-erasure.js';
import { ClusterRepository, clusterModel } from './model/cluster.js';
import { resolvers } from './resolvers/index.js';
import { prepareClusterIndexes } from './domain/slug.js';

export interface RegistryServerDeps {
  mongo: Connection;
  kafka: Kafka;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  sweepIntervalMs?: number;
  /** The group that acts on users' erasure; `ccp-registry-erasure` unless a test needs its own. */
  erasureGroupId?: string;
}

/** Builds the registry subgraph, its outbox relay and its erasure consumer; never listens (tests use it directly). */
export async function createServer({
  mongo,
  kafka,
  producer,
  validator,
  logger,
  sweepIntervalMs,
  erasureGroupId,
}: RegistryServerDeps) {
  const clusters = clusterModel(mongo);
  await clusters.init();
  await prepareClusterIndexes(clusters);
  const relay = new OutboxRelay({ model: clusters, producer, logger, sweepIntervalMs });
  const deps: RegistryDeps = { clusters, repository: new ClusterRepository(clusters), relay, validator };
  const erasure = userErasureConsumer({
    kafka,
    producer,
    validator,
    logger,
    clusters,
    groupId: erasureGroupId,
  });
  const apollo = createSubgraphApollo<Context>('registry.graphql', resolvers);
  return {
    apollo,
    deps,
    relays: [relay],
    consumers: [erasure],
    /** The erasure consumer's handler, for feeding it an event directly. */
    applyUserEvent: userErasureHandler(clusters),
    context: (caller: Caller) => createContext(deps, caller),
  };
}
