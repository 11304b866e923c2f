import {
  type Caller,
  createSubgraphApollo,
  EventConsumer,
  type EventValidator,
  LOCAL_ERASURE_KEY,
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
import { KpiAggregator } from './domain/kpi-aggregator.js';
import { clusterEventHandler } from './events/cluster-events.js';
import { KPI_PARTITIONS_AT_ONCE, kpiAssignmentHandler, kpiBatchHandler } from './events/kpi-events.js';
import { statisticsReadModel } from './events/statistics-events.js';
import { userErasureHandler } from './events/user-erasure.js';
import { userEventHandler } from './events/user-events.js';
import { clusterFactModel } from './model/cluster-fact.js';
import { EconomyRepository, economyModel, seedEconomies } from './model/economy.js';
import { kpiFactModel, kpiYearModel } from './model/kpi.js';
import { publicationModel } from './model/publication.js';
import { resolvers } from './resolvers/index.js';
import { monitoringReportRoutes } from './routes/monitoring-report.js';
import { newsFeedRoutes } from './routes/news-feed.js';

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
  /** Statistics' group (`<groupId>-statistics`) reads clusters, offers, campaigns and responses. */
  statisticsGroupId?: string;
  /** Officials' erasure (`<groupId>-erasure`) reads the user topic. */
  erasureGroupId?: string;
  /** HMAC key of erasure events' email digests (config ERASURE_KEY). */
  erasureKey?: string;
  /** Where the web client is: the news feed links there. */
  publicUrl?: string;
  sweepIntervalMs?: number;
  /** Tests point the consumers at topics of their own. */
  clusterTopic?: string;
  userTopic?: string;
  economyTopic?: string;
  responseTopic?: string;
  workshopTopic?: string;
  offerTopic?: string;
  campaignTopic?: string;
}

/** The topics the KPI read model is built from. */
export const kpiTopics = (
  economyTopic = TOPICS.economy,
  responseTopic = TOPICS.response,
  workshopTopic = TOPICS.workshop,
) => [economyTopic, responseTopic, workshopTopic];

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
  statisticsGroupId = `${groupId}-statistics`,
  erasureGroupId = `${groupId}-erasure`,
  erasureKey = LOCAL_ERASURE_KEY,
  publicUrl = 'http://127.0.0.1:5173',
  sweepIntervalMs,
  clusterTopic = TOPICS.cluster,
  userTopic = TOPICS.user,
  economyTopic,
  responseTopic,
  workshopTopic,
  offerTopic = TOPICS.offer,
  campaignTopic = TOPICS.campaign,
}: EconomiesServerDeps) {
  const economies = economyModel(mongo);
  const facts = clusterFactModel(mongo);
  const kpiFacts = kpiFactModel(mongo);
  const figures = kpiYearModel(mongo);
  const publications = publicationModel(mongo);
  await Promise.all([economies.init(), facts.init(), kpiFacts.init(), figures.init(), publications.init()]);
  await seedEconomies(economies, referenceEconomies());
  const economyRelay = new OutboxRelay({ model: economies, producer, logger, sweepIntervalMs });
  const figureRelay = new OutboxRelay({ model: figures, producer, logger, sweepIntervalMs });
  const projector = new ClusterCountProjector(economies, facts, logger);
  // The KPI figures heal when the group assigns their partitions (see KpiAggregator).
  const kpiAggregator = new KpiAggregator(kpiFacts, figures, validator, logger, figureRelay);
  // A crash between a fact and its recount is healed here.
  await projector.recountAll();
  const statistics = await statisticsReadModel(mongo, logger);
  const deps: EconomiesDeps = {
    repository: new EconomyRepository(economies),
    projector,
    statistics: statistics.repository,
    statisticsProjector: statistics.projector,
    kpiAggregator,
    figures,
    validator,
    relay: figureRelay,
    economies,
    economyRelay,
    publications,
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
    topics: kpiTopics(economyTopic, responseTopic, workshopTopic),
    handleBatch: kpiBatchHandler(kpiAggregator),
    // Batches of several partitions share one round of fact inserts (KpiAggregator).
    partitionsConsumedConcurrently: KPI_PARTITIONS_AT_ONCE,
    onGroupJoin: kpiAssignmentHandler(kpiAggregator),
  });
  const statisticsConsumer = statistics.consumer(common, statisticsGroupId, [
    clusterTopic,
    offerTopic,
    campaignTopic,
    responseTopic ?? TOPICS.response,
  ]);
  const erasureConsumer = new EventConsumer({
    ...common,
    groupId: erasureGroupId,
    topics: [userTopic],
    handle: userErasureHandler({ ...deps, erasureKey }),
  });
  const apollo = createSubgraphApollo<Context>('economies.graphql', resolvers);
  return {
    apollo,
    deps,
    models: { economies, facts, kpiFacts, figures, publications },
    relays: [economyRelay, figureRelay],
    consumers: [clusterConsumer, registrationConsumer, kpiConsumer, statisticsConsumer, erasureConsumer],
    named: { clusterConsumer, registrationConsumer, kpiConsumer, statisticsConsumer, erasureConsumer },
    context: (caller: Caller) => createContext(deps, caller),
    routes: { ...monitoringReportRoutes(deps), ...newsFeedRoutes(deps, publicUrl.replace(/\/+$/, '')) },
  };
}
