import type { EventValidator, OutboxRelay } from '@ccp/kit';
import type { ClusterFactsRepository } from '../model/cluster-facts.js';
import type { CampaignDeps } from './campaign-deps.js';
import type { QuestionnaireRepository } from '../model/questionnaire.js';
import type { ResponseModel, ResponseRepository } from '../model/response.js';
import type { ResultsDeps } from '../results/results-deps.js';

/** What the surveys use cases need; built once in server.ts. */
export interface SurveysDeps {
  questionnaires: QuestionnaireRepository;
  responses: ResponseModel;
  responseRepository: ResponseRepository;
  clusterFacts: ClusterFactsRepository;
  relay: OutboxRelay;
  validator: EventValidator;
  /** Campaigns, their audiences, invitations, reminders and follow-ups (campaign-deps.ts). */
  campaigns: CampaignDeps;
  /** Results for analysts: the in-memory read model of submitted responses, and k (results-deps.ts). */
  results: ResultsDeps;
}
