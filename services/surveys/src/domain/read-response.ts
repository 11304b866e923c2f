import { type Caller, requireSignedIn, validationError } from '@ccp/kit';
import { type ResponseRecord, responseId } from '../model/response.js';
import type { SurveysDeps } from './deps.js';
import { requireResponsePrivilege } from './lookups.js';

const ACTION = "read this cluster's questionnaire responses";

/**
 * A cluster's individual response: seen by its managers, its economy's coordinator and the secretariat only.
 * The rule is checked before the response is read, so others cannot even tell whether one exists.
 */
export async function readResponse(
  deps: SurveysDeps,
  caller: Caller,
  questionnaireId: unknown,
  clusterId: unknown,
  load: (id: string) => Promise<ResponseRecord | null>,
): Promise<ResponseRecord | null> {
  requireSignedIn(caller, ACTION);
  const q = requestedId(questionnaireId, 'questionnaireId');
  const c = requestedId(clusterId, 'clusterId');
  const cluster = await deps.clusterFacts.byId(c);
  // A cluster registry never announced has no economy here: only its managers or the secretariat pass.
  requireResponsePrivilege(caller, { id: c, economy: cluster?.economy ?? '' }, ACTION);
  return load(responseId(q, c));
}

/** The answers of a response, checked again wherever a response is returned. */
export function readAnswers(caller: Caller, response: ResponseRecord): ResponseRecord['answers'] {
  requireResponsePrivilege(caller, { id: response.clusterId, economy: response.economy }, ACTION);
  return response.answers;
}

/**
 * An id asked for by a query or as a federation entity key. `_entities` representations are `_Any`, so
 * without this an object such as `{"$ne": null}` could reach a MongoDB filter as an operator.
 */
export function requestedId(value: unknown, field: string): string {
  if (typeof value === 'string' && value.length > 0 && value.length <= 200) return value;
  throw validationError([{ field, reason: 'must be a non-empty string of at most 200 characters' }]);
}
