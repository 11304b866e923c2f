import {
  type Caller,
  expectedVersion,
  invalidStateError,
  isDuplicateKey,
  parseInput,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import type { z } from 'zod';
import { type ResponseDocument, type ResponseRecord, toResponseRecord } from '../model/response.js';
import { decodeAnswers, mergeAnswers, splitPersonal } from './answers.js';
import type { SurveysDeps } from './deps.js';
import { answersInput, responseTarget, responseTargetInput } from './questionnaire-answering.js';

export const saveResponseDraftInput = responseTargetInput.extend({ answers: answersInput, expectedVersion });

export type SaveResponseDraftInput = z.input<typeof saveResponseDraftInput>;

const changedWhileSaving = (id: string, currentVersion: number | null) =>
  invalidStateError(`Response ${id} changed while saving; read it again and retry`, {
    field: 'expectedVersion',
    currentVersion,
  });

/** Every answer of a stored response, personal ones included, in the order they were stored. */
export const allAnswers = (doc: Pick<ResponseDocument, 'answers' | 'respondent'>) => [
  ...(doc.answers ?? []),
  ...(doc.respondent?.answers ?? []),
];

/** A submitted response is final: saving into it, or submitting something else, is refused. */
export const alreadySubmitted = (id: string, field: string) =>
  invalidStateError(`Response ${id} was already submitted and can no longer be changed`, {
    field,
    status: 'SUBMITTED',
  });

/**
 * Saves answers into a cluster's draft response as the respondent goes (created on the first save). Each answer
 * is checked against its question's type; required questions and conditions wait for the submission. Answers
 * not listed keep their value; null clears one.
 */
export async function saveResponseDraft(
  deps: SurveysDeps,
  caller: Caller,
  input: unknown,
): Promise<ResponseRecord> {
  const action = "answer this cluster's questionnaires";
  requireSignedIn(caller, action);
  const v = parseInput(saveResponseDraftInput, input);
  const target = await responseTarget(deps, caller, v, action);
  if (target.closed) throw target.closed;
  const { questionnaire, cluster } = target;
  const _id = target.responseId;
  const current = await deps.responses.findById(_id, { outbox: 0 }).lean<ResponseDocument>();
  if (current?.status === 'submitted') throw alreadySubmitted(_id, 'clusterId');
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
  const split = splitPersonal(
    questionnaire,
    mergeAnswers(questionnaire, current ? allAnswers(current) : [], changes),
  );
  const now = new Date();

  if (!current) {
    const doc: ResponseDocument = {
      _id,
      questionnaireId: questionnaire.id,
      questionnaireKind: questionnaire.kind,
      questionnaireVersion: questionnaire.version,
      clusterId: cluster.id,
      economy: cluster.economy,
      status: 'draft',
      answers: split.answers,
      respondent: {
        createdBy: caller.subject,
        updatedBy: caller.subject,
        submittedBy: null,
        answers: split.personal,
      },
      campaignId: target.campaignId,
      collaborationId: target.collaborationId,
      createdAt: now,
      updatedAt: now,
      submittedAt: null,
      version: 1,
      outbox: [],
    };
    try {
      await deps.responses.collection.insertOne(doc as never);
    } catch (err) {
      // Another first save (or a submission) won the response's id a moment ago.
      if (isDuplicateKey(err)) throw changedWhileSaving(_id, null);
      throw err;
    }
    await deps.responseRepository.recordProgress(questionnaire.kind, cluster.id, 'draft');
    return toResponseRecord(doc);
  }

  const unchanged =
    JSON.stringify(split.answers) === JSON.stringify(current.answers) &&
    JSON.stringify(split.personal) === JSON.stringify(current.respondent?.answers ?? []);
  if (unchanged) return toResponseRecord(current);
  const respondent = { ...current.respondent, updatedBy: caller.subject, answers: split.personal };
  const next: ResponseDocument = {
    ...current,
    answers: split.answers,
    respondent,
    economy: cluster.economy,
    updatedAt: now,
    version: current.version + 1,
  };
  const res = await deps.responses.updateOne(
    { _id, version: current.version, status: 'draft' },
    {
      $set: {
        answers: next.answers,
        respondent,
        economy: next.economy,
        updatedAt: now,
        version: next.version,
      },
    },
  );
  if (res.matchedCount !== 1) {
    const latest = await deps.responses.findById(_id, { status: 1, version: 1 }).lean<ResponseDocument>();
    if (latest?.status === 'submitted') throw alreadySubmitted(_id, 'clusterId');
    throw changedWhileSaving(_id, latest?.version ?? null);
  }
  await deps.responseRepository.recordProgress(questionnaire.kind, cluster.id, 'draft');
  return toResponseRecord(next);
}
