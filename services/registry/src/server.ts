import { type Caller, createSubgraphApollo, type EventValidator, type Logger, OutboxRelay } from '@ccp/kit';
import type { Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type Context, createContext } from './context.js';
import type { RegistryDeps } from './domain/deps.js';
import { ClusterRepository, clusterModel } from './model/cluster.js';
import { resolvers } from './resolvers/index.js';

export interface RegistryServerDeps {
  mongo: Connection;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  sweepIntervalMs?: number;
}

/** Builds the registry subgraph and its outbox relay; never listens (tests use it directly). */
export async function createServer({
  mongo,
  producer,
  validator,
  logger,
  sweepIntervalMs,
}: RegistryServerDeps) {
  const clusters = clusterModel(mongo);
  await clusters.init();
  const relay = new OutboxRelay({ model: clusters, producer, logger, sweepIntervalMs });
  const deps: RegistryDeps = { clusters, repository: new ClusterRepository(clusters), relay, validator };
  const apollo = createSubgraphApollo<Context>('registry.graphql', resolvers);
  return {
    apollo,
    deps,
    relays: [relay],
    context: (caller: Caller) => createContext(deps, caller),
  };
}
