import {
  type Caller,
  createSubgraphApollo,
  EventConsumer,
  type EventValidator,
  type Logger,
  referenceEconomies,
  TOPICS,
} from '@ccp/kit';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type Context, createContext } from './context.js';
import { ClusterCountProjector } from './domain/cluster-count.js';
import type { EconomiesDeps } from './domain/deps.js';
import { clusterEventHandler } from './events/cluster-events.js';
import { clusterFactModel } from './model/cluster-fact.js';
import { EconomyRepository, economyModel, seedEconomies } from './model/economy.js';
import { resolvers } from './resolvers/index.js';

export const CONSUMER_GROUP = 'ccp-economies';

export interface EconomiesServerDeps {
  mongo: Connection;
  kafka: Kafka;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  groupId?: string;
  /** Tests point the consumer at a topic of their own. */
  clusterTopic?: string;
}

/** Builds the economies subgraph and its read-model consumer; never listens. */
export async function createServer({
  mongo,
  kafka,
  producer,
  validator,
  logger,
  groupId,
  clusterTopic,
}: EconomiesServerDeps) {
  const economies = economyModel(mongo);
  const facts = clusterFactModel(mongo);
  await Promise.all([economies.init(), facts.init()]);
  await seedEconomies(economies, referenceEconomies());
  const projector = new ClusterCountProjector(economies, facts, logger);
  // A crash between a fact and its recount is healed here.
  await projector.recountAll();
  const deps: EconomiesDeps = { repository: new EconomyRepository(economies), projector };
  const consumer = new EventConsumer({
    kafka,
    groupId: groupId ?? CONSUMER_GROUP,
    topics: [clusterTopic ?? TOPICS.cluster],
    validator,
    producer,
    logger,
    handle: clusterEventHandler(facts, projector),
  });
  const apollo = createSubgraphApollo<Context>('economies.graphql', resolvers);
  return {
    apollo,
    deps,
    models: { economies, facts },
    consumers: [consumer],
    context: (caller: Caller) => createContext(deps, caller),
  };
}
