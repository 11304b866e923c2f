import { randomUUID } from 'node:crypto';
import { type Caller, createSubgraphApollo, type EventValidator, type Logger, OutboxRelay } from '@ccp/kit';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type Context, createContext } from './context.js';
import { type CampaignOptions, createCampaignDeps } from './domain/campaign-deps.js';
import { CampaignWorker } from './domain/campaign-worker.js';
import type { SurveysDeps } from './domain/deps.js';
import { seedQuestionnaires } from './domain/seed-questionnaires.js';
import { respondentsConsumer, respondentsHandler } from './events/campaign-events.js';
import { CONSUMER_GROUP, clusterFactsConsumer } from './events/cluster-facts.js';
import { collaborationFollowUpConsumer, collaborationFollowUpHandler } from './events/collaboration-follow-ups.js';
import { userErasureConsumer, userErasureHandler } from './events/user-erasure.js';
import { ClusterFactsRepository, clusterFactsModel } from './model/cluster-facts.js';
import { QuestionnaireRepository, questionnaireModel } from './model/questionnaire.js';
import { ResponseRepository, responseModel } from './model/response.js';
import { resolvers } from './resolvers/index.js';
import type { ResultsFeedTopics } from './results/read-model.js';
import { createResultsDeps } from './results/results-deps.js';

export interface SurveysServerDeps {
  mongo: Connection;
  kafka: Kafka;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  sweepIntervalMs?: number;
  /** Tests read the cluster topic in a group of their own, or a topic of their own. */
  consumerGroupId?: string;
  clusterTopic?: string;
  /** The group that acts on users' erasure; `ccp-surveys-erasure` unless a test needs its own. */
  erasureGroupId?: string;
  /** Campaign timings (follow-up delay and window, reminder days, worker intervals); defaults otherwise. */
  campaigns?: Partial<CampaignOptions>;
  /** The group that schedules follow-ups from collaborations; `ccp-surveys-follow-ups` unless given. */
  followUpGroupId?: string;
  /** The group that keeps each campaign's respondents from response events; `ccp-surveys-respondents` unless given. */
  respondentsGroupId?: string;
  /** Small-cell suppression's k (RESULTS_MIN_CELL, 5 unless given). */
  resultsMinCell?: number;
  /** The results read model's own group, unique per process (it must see every event); a random one unless given. */
  resultsGroupId?: string;
  /** Topics the results read model follows; TOPICS' unless a test has its own. */
  resultsTopics?: Partial<ResultsFeedTopics>;
  /** ERASURE_KEY: the same in every service (kit's erasure.ts). */
  erasureKey?: string;
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
  clusterTopic,
  erasureGroupId,
  campaigns: campaignOptions,
  followUpGroupId,
  respondentsGroupId,
  resultsMinCell,
  resultsGroupId = `ccp-surveys-results-${randomUUID()}`,
  resultsTopics,
  erasureKey,
}: SurveysServerDeps) {
  const questionnaires = questionnaireModel(mongo);
  const responses = responseModel(mongo);
  const clusterFacts = clusterFactsModel(mongo);
  await Promise.all([questionnaires.init(), responses.init(), clusterFacts.init()]);
  await seedQuestionnaires(questionnaires, undefined, logger);
  const relay = new OutboxRelay({ model: responses, producer, logger, sweepIntervalMs });
  const consumer = clusterFactsConsumer({
    kafka,
    producer,
    validator,
    logger,
    model: clusterFacts,
    groupId: consumerGroupId,
    topic: clusterTopic,
  });
  const erasure = userErasureConsumer({
    kafka,
    producer,
    validator,
    logger,
    responses,
    groupId: erasureGroupId,
    erasureKey,
  });
  const results = createResultsDeps({ mongo, logger, minCell: resultsMinCell, topics: resultsTopics });
  await results.model.load(kafka, consumerGroupId ?? CONSUMER_GROUP);
  const deps: SurveysDeps = {
    questionnaires: new QuestionnaireRepository(questionnaires),
    responses,
    responseRepository: new ResponseRepository(responses),
    clusterFacts: new ClusterFactsRepository(clusterFacts),
    relay,
    validator,
    campaigns: await createCampaignDeps({ mongo, producer, logger, sweepIntervalMs, options: campaignOptions }),
    results,
  };
  const followUps = collaborationFollowUpConsumer({ kafka, producer, validator, logger, deps, groupId: followUpGroupId });
  const respondents = respondentsConsumer({
    kafka,
    producer,
    validator,
    logger,
    respondents: deps.campaigns.respondents,
    groupId: respondentsGroupId,
  });
  const campaignWorker = new CampaignWorker(deps, logger);
  const apollo = createSubgraphApollo<Context>('surveys.graphql', resolvers);
  return {
    apollo,
    deps,
    models: { questionnaires, responses, clusterFacts },
    relays: [relay, deps.campaigns.relay, deps.campaigns.noticeRelay],
    consumers: [consumer, erasure, followUps, respondents],
    workers: [campaignWorker, { start: () => results.model.follow(kafka, resultsGroupId), stop: () => results.model.stop() }],
    campaignWorker,
    /** The follow-up scheduler's and the respondents' handlers, for feeding them events directly. */
    applyCollaborationEvent: collaborationFollowUpHandler(deps),
    applyResponseEvent: respondentsHandler(deps.campaigns.respondents),
    /** The erasure consumer's handler, for feeding it an event directly. */
    applyUserEvent: userErasureHandler(responses, erasureKey),
    context: (caller: Caller) => createContext(deps, caller),
  };
}
