import {
  type Caller,
  createSubgraphApollo,
  type EventValidator,
  type Logger,
  OutboxRelay,
  type OutboxRelayOptions,
} from '@ccp/kit';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type Context, createContext } from './context.js';
import type { MatchmakingDeps } from './domain/deps.js';
import { clusterFactsConsumer, clusterFactsHandler } from './events/cluster-facts.js';
import { userErasureConsumer, userErasureHandler } from './events/user-erasure.js';
import { ClusterFactsRepository, clusterFactsModel } from './model/cluster-facts.js';
import { CooperationOfferRepository, cooperationOfferModel } from './model/cooperation-offer.js';
import { MatchRequestRepository, matchRequestModel } from './model/match-request.js';
import { WorkshopRepository, workshopModel } from './model/workshop.js';
import { resolvers } from './resolvers/index.js';

export interface MatchmakingServerDeps {
  mongo: Connection;
  kafka: Kafka;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  sweepIntervalMs?: number;
  /** The cluster facts consumer group; `ccp-matchmaking` unless a test needs its own. */
  consumerGroupId?: string;
  /** The group that acts on users' erasure; `ccp-matchmaking-erasure` unless a test needs its own. */
  erasureGroupId?: string;
}

/** Builds the matchmaking subgraph, its outbox relays and its consumers; never listens (tests use it directly). */
export async function createServer({
  mongo,
  kafka,
  producer,
  validator,
  logger,
  sweepIntervalMs,
  consumerGroupId,
  erasureGroupId,
}: MatchmakingServerDeps) {
  const facts = clusterFactsModel(mongo);
  const offers = cooperationOfferModel(mongo);
  const matchRequests = matchRequestModel(mongo);
  const workshops = workshopModel(mongo);
  await Promise.all([facts.init(), offers.init(), matchRequests.init(), workshops.init()]);
  const relay = (model: OutboxRelayOptions['model']) =>
    new OutboxRelay({ model, producer, logger, sweepIntervalMs });
  const deps: MatchmakingDeps = {
    clusterFacts: new ClusterFactsRepository(facts),
    offers,
    offerRepository: new CooperationOfferRepository(offers),
    offerRelay: relay(offers),
    matchRequests,
    matchRequestRepository: new MatchRequestRepository(matchRequests),
    matchRequestRelay: relay(matchRequests),
    workshops,
    workshopRepository: new WorkshopRepository(workshops),
    workshopRelay: relay(workshops),
    validator,
  };
  const consumer = clusterFactsConsumer({
    kafka,
    producer,
    validator,
    logger,
    model: facts,
    groupId: consumerGroupId,
  });
  const withUserIds = { offers, matchRequests, workshops };
  const erasure = userErasureConsumer({
    kafka,
    producer,
    validator,
    logger,
    models: withUserIds,
    groupId: erasureGroupId,
  });
  const apollo = createSubgraphApollo<Context>('matchmaking.graphql', resolvers);
  return {
    apollo,
    deps,
    relays: [deps.offerRelay, deps.matchRequestRelay, deps.workshopRelay],
    consumers: [consumer, erasure],
    /** The consumer's handler, for feeding the read model an event directly. */
    applyClusterEvent: clusterFactsHandler(facts),
    /** The erasure consumer's handler, for feeding it an event directly. */
    applyUserEvent: userErasureHandler(withUserIds),
    context: (caller: Caller) => createContext(deps, caller),
  };
}
