import {
  actorOf,
  type Caller,
  expectedVersion,
  invalidStateError,
  isDuplicateKey,
  notFoundError,
  parseInput,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { responseSubmitted } from '../events/response-events.js';
import { type ResponseDocument, type ResponseRecord, toResponseRecord } from '../model/response.js';
import { decodeAnswers, mergeAnswers, splitPersonal, submittedAnswers } from './answers.js';
import type { SurveysDeps } from './deps.js';
import { answersInput, responseTarget, responseTargetInput } from './questionnaire-answering.js';
import { allAnswers, alreadySubmitted } from './save-response-draft.js';

export const submitResponseInput = responseTargetInput.extend({
  /** Last answers, merged into the draft before it is checked; absent: submit the draft as saved. */
  answers: answersInput.nullish(),
  expectedVersion,
});

const sameAnswers = (doc: ResponseDocument, split: ReturnType<typeof splitPersonal>) =>
  JSON.stringify(doc.answers) === JSON.stringify(split.answers) &&
  JSON.stringify(doc.respondent?.answers ?? []) === JSON.stringify(split.personal);

/**
 * Submits a cluster's response: the draft with any last answers merged in, checked against the whole
 * definition — types, required questions among those shown, and conditions (answers to hidden questions are
 * dropped). The status change and its `response.submitted` event are one write: a new document or a
 * version-guarded update. The same submission again returns the submitted response and sends nothing; a
 * different one is refused (INVALID_STATE): a submitted response is final.
 */
export async function submitResponse(
  deps: SurveysDeps,
  caller: Caller,
  input: unknown,
): Promise<ResponseRecord> {
  const action = "submit this cluster's questionnaires";
  requireSignedIn(caller, action);
  const v = parseInput(submitResponseInput, input);
  const target = await responseTarget(deps, caller, v, action);
  const { questionnaire, cluster } = target;
  const _id = target.responseId;
  const current = await deps.responses.findById(_id).lean<ResponseDocument>();
  // After a close only a repeat of what was submitted gets an answer (the response, unchanged).
  if (target.closed && current?.status !== 'submitted') throw target.closed;
  const { changes, problems: typeProblems } = decodeAnswers(questionnaire, v.answers ?? []);
  if (typeProblems.length) throw validationError(typeProblems);
  if (!current && v.answers == null) throw notFoundError('Response', _id);
  const merged = mergeAnswers(questionnaire, current ? allAnswers(current) : [], changes);
  const { kept, problems } = submittedAnswers(questionnaire, merged);
  const split = splitPersonal(questionnaire, kept);

  if (current?.status === 'submitted') {
    if (!sameAnswers(current, split)) throw alreadySubmitted(_id, 'answers');
    // A repeat also repairs the cluster's progress, had a crash come between the submission and it.
    await deps.responseRepository.recordProgress(questionnaire.kind, cluster.id, 'submitted');
    return toResponseRecord(current);
  }
  if (problems.length) throw validationError(problems);
  if (v.expectedVersion != null && v.expectedVersion !== (current?.version ?? 0)) {
    throw invalidStateError(
      `Response ${_id} is at version ${current?.version ?? 0}, not ${v.expectedVersion}`,
      {
        field: 'expectedVersion',
        currentVersion: current?.version ?? 0,
      },
    );
  }

  const now = new Date();
  const respondent = {
    createdBy: current?.respondent?.createdBy ?? caller.subject,
    updatedBy: caller.subject,
    submittedBy: caller.subject,
    answers: split.personal,
  };
  const next: ResponseDocument = {
    _id,
    questionnaireId: questionnaire.id,
    questionnaireKind: questionnaire.kind,
    questionnaireVersion: questionnaire.version,
    clusterId: cluster.id,
    economy: cluster.economy,
    status: 'submitted',
    answers: split.answers,
    respondent,
    campaignId: target.campaignId,
    collaborationId: target.collaborationId,
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
    submittedAt: now,
    version: (current?.version ?? 0) + 1,
    outbox: [],
  };
  const event = responseSubmitted(next, actorOf(caller, target.privilege));
  deps.validator.assertValid(event);
  next.outbox = [...(current?.outbox ?? []), event];

  const written = current
    ? (
        await deps.responses.updateOne(
          { _id, version: current.version, status: 'draft' },
          {
            $set: {
              economy: next.economy,
              status: next.status,
              answers: next.answers,
              respondent,
              updatedAt: now,
              submittedAt: now,
              version: next.version,
              outbox: next.outbox,
            },
          },
        )
      ).matchedCount === 1
    : await deps.responses.collection.insertOne(next as never).then(
        () => true,
        (err: unknown) => {
          if (isDuplicateKey(err)) return false;
          throw err;
        },
      );
  if (!written) {
    const latest = await deps.responses.findById(_id).lean<ResponseDocument>();
    // A concurrent submission won: the same one is this caller's too (one event exists); another is refused.
    if (latest?.status === 'submitted') {
      if (sameAnswers(latest, split)) return toResponseRecord(latest);
      throw alreadySubmitted(_id, 'answers');
    }
    throw invalidStateError(`Response ${_id} changed while submitting; read it again and retry`, {
      field: 'expectedVersion',
      currentVersion: latest?.version ?? null,
    });
  }
  await deps.relay.flush(_id).catch(() => {});
  await deps.responseRepository.recordProgress(questionnaire.kind, cluster.id, 'submitted');
  return toResponseRecord(next);
}
