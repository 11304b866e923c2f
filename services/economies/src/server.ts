import {
  type Caller,
  createSubgraphApollo,
  EventConsumer,
  type EventValidator,
  type Logger,
  OutboxRelay,
  referenceEconomies,
  TOPICS,
} from '@ccp/kit';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type Context, createContext } from './context.js';
import { ClusterCountProjector } from './domain/cluster-count.js';
import type { EconomiesDeps } from './domain/deps.js';
import { KpiProjector } from './domain/kpi-projector.js';
import { clusterEventHandler } from './events/cluster-events.js';
import { kpiEventHandler } from './events/kpi-events.js';
import { userEventHandler } from './events/user-events.js';
import { clusterFactModel } from './model/cluster-fact.js';
import { EconomyRepository, economyModel, seedEconomies } from './model/economy.js';
import { kpiFactModel, kpiFigureModel } from './model/kpi.js';
import { resolvers } from './resolvers/index.js';

export const CONSUMER_GROUP = 'ccp-economies';

export interface EconomiesServerDeps {
  mongo: Connection;
  kafka: Kafka;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  /** The cluster-count group; `<prefix>-economies`. Registration and KPIs add `-registration` and `-kpi`. */
  groupId?: string;
  registrationGroupId?: string;
  kpiGroupId?: string;
  sweepIntervalMs?: number;
  /** Tests point the consumers at topics of their own. */
  clusterTopic?: string;
  userTopic?: string;
  economyTopic?: string;
  responseTopic?: string;
}

/** The topics the KPI read model is built from. */
export const kpiTopics = (economyTopic = TOPICS.economy, responseTopic = TOPICS.response) => [economyTopic, responseTopic];

/** Builds the economies subgraph, its outbox relays and its read-model consumers; never listens. */
export async function createServer({
  mongo,
  kafka,
  producer,
  validator,
  logger,
  groupId = CONSUMER_GROUP,
  registrationGroupId = `${groupId}-registration`,
  kpiGroupId = `${groupId}-kpi`,
  sweepIntervalMs,
  clusterTopic = TOPICS.cluster,
  userTopic = TOPICS.user,
  economyTopic,
  responseTopic,
}: EconomiesServerDeps) {
  const economies = economyModel(mongo);
  const facts = clusterFactModel(mongo);
  const kpiFacts = kpiFactModel(mongo);
  const figures = kpiFigureModel(mongo);
  await Promise.all([economies.init(), facts.init(), kpiFacts.init(), figures.init()]);
  await seedEconomies(economies, referenceEconomies());
  const economyRelay = new OutboxRelay({ model: economies, producer, logger, sweepIntervalMs });
  const figureRelay = new OutboxRelay({ model: figures, producer, logger, sweepIntervalMs });
  const projector = new ClusterCountProjector(economies, facts, logger);
  const kpiProjector = new KpiProjector(kpiFacts, figures, validator, logger, figureRelay);
  // A crash between a fact and its recount is healed here.
  await projector.recountAll();
  await kpiProjector.recountAll();
  const deps: EconomiesDeps = {
    repository: new EconomyRepository(economies),
    projector,
    kpiProjector,
    figures,
    validator,
    relay: figureRelay,
  };
  const common = { kafka, validator, producer, logger };
  const clusterConsumer = new EventConsumer({
    ...common,
    groupId,
    topics: [clusterTopic],
    handle: clusterEventHandler(facts, projector),
  });
  const registrationConsumer = new EventConsumer({
    ...common,
    groupId: registrationGroupId,
    topics: [userTopic],
    handle: userEventHandler({ economies, validator, relay: economyRelay, logger }),
  });
  const kpiConsumer = new EventConsumer({
    ...common,
    groupId: kpiGroupId,
    topics: kpiTopics(economyTopic, responseTopic),
    handle: kpiEventHandler(kpiFacts, kpiProjector),
  });
  const apollo = createSubgraphApollo<Context>('economies.graphql', resolvers);
  return {
    apollo,
    deps,
    models: { economies, facts, kpiFacts, figures },
    relays: [economyRelay, figureRelay],
    consumers: [clusterConsumer, registrationConsumer, kpiConsumer],
    named: { clusterConsumer, registrationConsumer, kpiConsumer },
    context: (caller: Caller) => createContext(deps, caller),
  };
}
