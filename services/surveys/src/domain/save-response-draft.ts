import { type Caller, invalidStateError, problemsFromZod, requireSignedIn, validationError } from '@ccp/kit';
import { z } from 'zod';
import {
  type ResponseDocument,
  type ResponseRecord,
  responseId,
  toResponseRecord,
} from '../model/response.js';
import { decodeAnswers, mergeAnswers } from './answers.js';
import type { SurveysDeps } from './deps.js';
import { knownCluster, knownQuestionnaire, requireResponsePrivilege } from './lookups.js';

const id = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const saveResponseDraftInput = z.object({
  questionnaireId: id,
  clusterId: id,
  answers: z
    .array(z.object({ questionId: z.string().min(1, 'must not be empty'), value: z.string().nullish() }))
    .max(500, 'at most 500 answers at once'),
  expectedVersion: z.number().int().min(0, 'must not be negative').nullish(),
});

export type SaveResponseDraftInput = z.input<typeof saveResponseDraftInput>;

const changeSince = (doc: ResponseDocument | null, id: string) =>
  invalidStateError(`Response ${id} changed while saving; read it again and retry`, {
    field: 'expectedVersion',
    currentVersion: doc?.version ?? null,
  });

/**
 * Saves answers into a cluster's draft response (created on the first save), each checked against the
 * questionnaire: the cluster's managers, its economy's coordinator or the secretariat. A submitted response
 * is final.
 */
export async function saveResponseDraft(
  deps: SurveysDeps,
  caller: Caller,
  input: unknown,
): Promise<ResponseRecord> {
  const action = "answer this cluster's questionnaires";
  requireSignedIn(caller, action);
  const parsed = saveResponseDraftInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  const questionnaire = await knownQuestionnaire(deps, v.questionnaireId);
  const { economy } = await knownCluster(deps, v.clusterId);
  requireResponsePrivilege(caller, { id: v.clusterId, economy }, action);
  const _id = responseId(questionnaire.id, v.clusterId);
  const current = await deps.responses.findById(_id).lean<ResponseDocument>();
  if (current?.status === 'submitted') {
    throw invalidStateError(`Response ${_id} was submitted and can no longer be changed`, {
      field: 'clusterId',
      status: 'SUBMITTED',
    });
  }
  if (v.expectedVersion != null && v.expectedVersion !== (current?.version ?? 0)) {
    throw invalidStateError(
      `Response ${_id} is at version ${current?.version ?? 0}, not ${v.expectedVersion}`,
      {
        field: 'expectedVersion',
        currentVersion: current?.version ?? 0,
      },
    );
  }
  const { changes, problems } = decodeAnswers(questionnaire, v.answers);
  if (problems.length) throw validationError(problems);
  const answers = mergeAnswers(questionnaire, current?.answers ?? [], changes);
  const now = new Date();

  if (!current) {
    const doc: ResponseDocument = {
      _id,
      questionnaireId: questionnaire.id,
      questionnaireKind: questionnaire.kind,
      questionnaireVersion: questionnaire.version,
      clusterId: v.clusterId,
      economy,
      status: 'draft',
      answers,
      campaignId: null,
      createdAt: now,
      createdBy: caller.subject,
      updatedAt: now,
      updatedBy: caller.subject,
      submittedAt: null,
      submittedBy: null,
      version: 1,
      outbox: [],
    };
    try {
      await deps.responses.collection.insertOne(doc as never);
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw changeSince(null, _id);
      throw err;
    }
    return toResponseRecord(doc);
  }

  if (JSON.stringify(answers) === JSON.stringify(current.answers)) return toResponseRecord(current);
  const next: ResponseDocument = {
    ...current,
    answers,
    economy,
    updatedAt: now,
    updatedBy: caller.subject,
    version: current.version + 1,
  };
  const res = await deps.responses.updateOne(
    { _id, version: current.version, status: 'draft' },
    { $set: { answers, economy, updatedAt: now, updatedBy: caller.subject, version: next.version } },
  );
  if (res.matchedCount !== 1) throw changeSince(current, _id);
  return toResponseRecord(next);
}
