import type { EventValidator, OutboxRelay } from '@ccp/kit';
import type { ClusterFactsRepository } from '../model/cluster-facts.js';
import type { QuestionnaireRepository } from '../model/questionnaire.js';
import type { ResponseModel, ResponseRepository } from '../model/response.js';

/** What the surveys use cases need; built once in server.ts. */
export interface SurveysDeps {
  questionnaires: QuestionnaireRepository;
  responses: ResponseModel;
  responseRepository: ResponseRepository;
  clusterFacts: ClusterFactsRepository;
  relay: OutboxRelay;
  validator: EventValidator;
}
