import { type Caller, createSubgraphApollo, type EventValidator, type Logger, OutboxRelay } from '@ccp/kit';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type Context, createContext } from './context.js';
import type { SurveysDeps } from './domain/deps.js';
import { seedQuestionnaires } from './domain/seed-questionnaires.js';
import { clusterFactsConsumer } from './events/cluster-facts.js';
import { userErasureConsumer, userErasureHandler } from './events/user-erasure.js';
import { ClusterFactsRepository, clusterFactsModel } from './model/cluster-facts.js';
import { QuestionnaireRepository, questionnaireModel } from './model/questionnaire.js';
import { ResponseRepository, responseModel } from './model/response.js';
import { resolvers } from './resolvers/index.js';

export interface SurveysServerDeps {
  mongo: Connection;
  kafka: Kafka;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  sweepIntervalMs?: number;
  /** Tests read the cluster topic in a group of their own. */
  consumerGroupId?: string;
  /** The group that acts on users' erasure; `ccp-surveys-erasure` unless a test needs its own. */
  erasureGroupId?: string;
}

/** Builds the surveys subgraph, seeds the shipped questionnaires, wires its relay and consumer; never listens. */
export async function createServer({
  mongo,
  kafka,
  producer,
  validator,
  logger,
  sweepIntervalMs,
  consumerGroupId,
  erasureGroupId,
}: SurveysServerDeps) {
  const questionnaires = questionnaireModel(mongo);
  const responses = responseModel(mongo);
  const clusterFacts = clusterFactsModel(mongo);
  await Promise.all([questionnaires.init(), responses.init(), clusterFacts.init()]);
  await seedQuestionnaires(questionnaires);
  const relay = new OutboxRelay({ model: responses, producer, logger, sweepIntervalMs });
  const consumer = clusterFactsConsumer({
    kafka,
    producer,
    validator,
    logger,
    model: clusterFacts,
    groupId: consumerGroupId,
  });
  const erasure = userErasureConsumer({
    kafka,
    producer,
    validator,
    logger,
    responses,
    groupId: erasureGroupId,
  });
  const deps: SurveysDeps = {
    questionnaires: new QuestionnaireRepository(questionnaires),
    responses,
    responseRepository: new ResponseRepository(responses),
    clusterFacts: new ClusterFactsRepository(clusterFacts),
    relay,
    validator,
  };
  const apollo = createSubgraphApollo<Context>('surveys.graphql', resolvers);
  return {
    apollo,
    deps,
    models: { questionnaires, responses, clusterFacts },
    relays: [relay],
    consumers: [consumer, erasure],
    /** The erasure consumer's handler, for feeding it an event directly. */
    applyUserEvent: userErasureHandler(responses),
    context: (caller: Caller) => createContext(deps, caller),
  };
}
