import { type Caller, requireSignedIn, validationError } from '@ccp/kit';
import { type AnswerRecord, type ResponseRecord, responseId } from '../model/response.js';
import type { SurveysDeps } from './deps.js';
import { requireResponsePrivilege } from './lookups.js';

const ACTION = "read this cluster's questionnaire responses";

/** Which response a reader asks for: a campaign's, or outside campaigns a questionnaire version's. */
export interface ResponseKey {
  questionnaireId?: unknown;
  campaignId?: unknown;
  clusterId: unknown;
}

/**
 * A cluster's individual response: seen by its managers, its economy's coordinator and the secretariat only.
 * The rule is checked before the response is read, so others cannot even tell whether one exists.
 */
export async function readResponse(
  deps: SurveysDeps,
  caller: Caller,
  key: ResponseKey,
  load: (id: string) => Promise<ResponseRecord | null>,
): Promise<ResponseRecord | null> {
  requireSignedIn(caller, ACTION);
  const c = requestedId(key.clusterId, 'clusterId');
  const of =
    key.campaignId != null
      ? requestedId(key.campaignId, 'campaignId')
      : requestedId(key.questionnaireId, 'questionnaireId');
  const cluster = await deps.clusterFacts.byId(c);
  // A cluster registry never announced has no economy here: only its managers or the secretariat pass.
  requireResponsePrivilege(caller, { id: c, economy: cluster?.economy ?? '' }, ACTION);
  const response = await load(responseId(of, c));
  // A campaign id and a questionnaire id given together must name the same response.
  if (response && key.questionnaireId != null && response.questionnaireId !== key.questionnaireId)
    return null;
  return response;
}

/**
 * The answers of a response, personal ones included, checked again wherever a response is returned (the
 * personal answers are the respondent's; those who may read the response may read them).
 */
export function readAnswers(caller: Caller, response: ResponseRecord): AnswerRecord[] {
  requireResponsePrivilege(caller, { id: response.clusterId, economy: response.economy }, ACTION);
  return [...response.answers, ...response.respondent.answers];
}

/**
 * An id asked for by a query or as a federation entity key. `_entities` representations are `_Any`, so
 * without this an object such as `{"$ne": null}` could reach a MongoDB filter as an operator.
 */
export function requestedId(value: unknown, field: string): string {
  if (typeof value === 'string' && value.length > 0 && value.length <= 200) return value;
  throw validationError([{ field, reason: 'must be a non-empty string of at most 200 characters' }]);
}
