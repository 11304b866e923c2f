import { validationError } from '@ccp/kit';
import type { QuestionnaireRecord } from '../model/questionnaire.js';
import type { SurveysDeps } from './deps.js';

/** The questionnaire a response is for; an unknown one is the caller's mistake. */
export async function knownQuestionnaire(
  deps: SurveysDeps,
  questionnaireId: string,
): Promise<QuestionnaireRecord> {
  const questionnaire = await deps.questionnaires.byId(questionnaireId);
  if (!questionnaire) {
    throw validationError([
      { field: 'questionnaireId', reason: `${questionnaireId} is not a known questionnaire` },
    ]);
  }
  return questionnaire;
}

/** The economy of a cluster known from registry's events; an unknown cluster is the caller's mistake. */
export async function knownClusterEconomy(deps: SurveysDeps, clusterId: string): Promise<string> {
  const cluster = await deps.clusterFacts.byId(clusterId);
  if (!cluster) {
    // The registry's events reach this service a moment after a registration.
    throw validationError([
      {
        field: 'clusterId',
        reason: `${clusterId} is not a known cluster (if it was just registered, retry shortly)`,
      },
    ]);
  }
  return cluster.economy;
}
