import { type Caller, invalidStateError, notFoundError, validationError } from '@ccp/kit';
import { responseSubmitted } from '../events/response-events.js';
import {
  type ResponseDocument,
  type ResponseRecord,
  responseId,
  toResponseRecord,
} from '../model/response.js';
import { missingRequiredAnswers } from './answers.js';
import type { SurveysDeps } from './deps.js';
import { knownClusterEconomy, knownQuestionnaire } from './lookups.js';

/**
 * Submits a cluster's draft once every required question is answered. The status change and its event are
 * one version-guarded update; submitting again returns the submitted response and sends nothing.
 */
export async function submitResponse(
  deps: SurveysDeps,
  caller: Caller,
  questionnaireId: string,
  clusterId: string,
): Promise<ResponseRecord> {
  const questionnaire = await knownQuestionnaire(deps, questionnaireId);
  const _id = responseId(questionnaire.id, clusterId);
  const current = await deps.responses.findById(_id).lean<ResponseDocument>();
  if (!current) throw notFoundError('Response', _id);
  if (current.status === 'submitted') return toResponseRecord(current);
  const missing = missingRequiredAnswers(questionnaire, current.answers);
  if (missing.length) throw validationError(missing);
  const economy = await knownClusterEconomy(deps, clusterId);

  const now = new Date();
  const next: ResponseDocument = {
    ...current,
    economy,
    status: 'submitted',
    submittedAt: now,
    submittedBy: caller.subject,
    updatedAt: now,
    updatedBy: caller.subject,
    version: current.version + 1,
  };
  const event = responseSubmitted(next);
  deps.validator.assertValid(event);
  const res = await deps.responses.updateOne(
    { _id, version: current.version, status: 'draft' },
    {
      $set: {
        economy,
        status: next.status,
        submittedAt: now,
        submittedBy: caller.subject,
        updatedAt: now,
        updatedBy: caller.subject,
        version: next.version,
        outbox: [...(current.outbox ?? []), event],
      },
    },
  );
  if (res.matchedCount !== 1) {
    const latest = await deps.responses.findById(_id).lean<ResponseDocument>();
    // A concurrent submit won: the caller gets what it asked for, and only one event exists.
    if (latest?.status === 'submitted') return toResponseRecord(latest);
    throw invalidStateError(`Response ${_id} changed while submitting; read it again and retry`, {
      field: 'clusterId',
    });
  }
  await deps.relay.flush(_id).catch(() => {});
  return toResponseRecord(next);
}
