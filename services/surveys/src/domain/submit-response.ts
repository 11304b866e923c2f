import {
  actorOf,
  type Caller,
  invalidStateError,
  notFoundError,
  problemsFromZod,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import { responseSubmitted } from '../events/response-events.js';
import {
  type ResponseDocument,
  type ResponseRecord,
  responseId,
  toResponseRecord,
} from '../model/response.js';
import { missingRequiredAnswers } from './answers.js';
import type { SurveysDeps } from './deps.js';
import { knownCluster, knownQuestionnaire, requireResponsePrivilege } from './lookups.js';

const id = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const submitInput = z.object({ questionnaireId: id, clusterId: id });

/**
 * Submits a cluster's draft once every required question is answered: the cluster's managers, its economy's
 * coordinator or the secretariat. The status change and its event are one version-guarded update; submitting
 * again returns the submitted response and sends nothing.
 */
export async function submitResponse(
  deps: SurveysDeps,
  caller: Caller,
  questionnaireId: unknown,
  clusterId: unknown,
): Promise<ResponseRecord> {
  const action = "submit this cluster's questionnaires";
  requireSignedIn(caller, action);
  const parsed = submitInput.safeParse({ questionnaireId, clusterId });
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const questionnaire = await knownQuestionnaire(deps, parsed.data.questionnaireId);
  const cluster = await knownCluster(deps, parsed.data.clusterId);
  const privilege = requireResponsePrivilege(caller, cluster, action);
  const { economy } = cluster;
  const _id = responseId(questionnaire.id, cluster.id);
  const current = await deps.responses.findById(_id).lean<ResponseDocument>();
  if (!current) throw notFoundError('Response', _id);
  if (current.status === 'submitted') return toResponseRecord(current);
  const missing = missingRequiredAnswers(questionnaire, current.answers);
  if (missing.length) throw validationError(missing);

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
  const event = responseSubmitted(next, actorOf(caller, privilege));
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
