import { type Caller, clusterPrivilege, type Privilege, requirePrivilege, validationError } from '@ccp/kit';
import type { ClusterFacts } from '../model/cluster-facts.js';
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

/** A cluster known from registry's events; an unknown cluster is the caller's mistake. */
export async function knownCluster(deps: SurveysDeps, clusterId: string): Promise<ClusterFacts> {
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
  return cluster;
}

/**
 * A cluster's responses are written by its managers, its economy's coordinator or the secretariat; the
 * privilege the caller holds, or FORBIDDEN (UNAUTHENTICATED for an anonymous caller).
 */
export function requireResponsePrivilege(
  caller: Caller,
  cluster: { id: string; economy: string },
  action: string,
): Privilege {
  return requirePrivilege(caller, clusterPrivilege(caller, cluster), action);
}
