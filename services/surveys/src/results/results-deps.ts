import type { Logger } from '@ccp/kit';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import type { CampaignRecord } from '../model/campaign.js';
import { clusterFactsModel } from '../model/cluster-facts.js';
import type { QuestionnaireRecord } from '../model/questionnaire.js';
import { responseModel } from '../model/response.js';
import { type ResultsFeedTopics, ResultsReadModel } from './read-model.js';

/** Results' environment (merged into the service's in src/index.ts). */
export const resultsEnv = z.object({
  /** Small-cell suppression: no published count from 1 to RESULTS_MIN_CELL − 1 (docs/surveys.md). */
  RESULTS_MIN_CELL: z.coerce.number().int().min(2).max(100).default(5),
});

export const DEFAULT_MIN_CELL = 5;

/** What the results use cases need besides the service's shared dependencies: the read model and k. */
export interface ResultsDeps {
  model: ResultsReadModel;
  minCell: number;
  /** Published versions by id: immutable, so read once per process and results cost no database round trip. */
  questionnaires: Map<string, QuestionnaireRecord>;
  /** Opened campaigns by id: what rates need of them (kind, audience) is fixed when they open. */
  campaigns: Map<string, CampaignRecord>;
}

export interface ResultsDepsInput {
  mongo: Connection;
  logger?: Logger;
  minCell?: number;
  /** TOPICS' unless a test follows topics of its own. */
  topics?: Partial<ResultsFeedTopics>;
}

/** The read model, not yet loaded (server.ts loads it before serving and follows the topics as a worker). */
export function createResultsDeps({
  mongo,
  logger,
  minCell = DEFAULT_MIN_CELL,
  topics,
}: ResultsDepsInput): ResultsDeps {
  return {
    model: new ResultsReadModel(responseModel(mongo), clusterFactsModel(mongo), logger, topics),
    minCell,
    questionnaires: new Map(),
    campaigns: new Map(),
  };
}
