import {
  type Caller,
  conflictError,
  type FieldProblem,
  invalidStateError,
  isDuplicateKey,
  isSecretariat,
  notFoundError,
  parseInput,
  requirePrivilege,
  requestedId,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import {
  QUESTIONNAIRE_KINDS,
  type QuestionnaireDocument,
  type QuestionnaireKind,
  type QuestionnaireRecord,
  questionnaireId,
  toQuestionnaireRecord,
} from '../model/questionnaire.js';
import { incompatibilities } from '../questionnaires/compatibility.js';
import type { DefinitionIssue } from '../questionnaires/conditions.js';
import { parseQuestionnaireContent } from '../questionnaires/definition.js';
import type { SurveysDeps } from './deps.js';
import { definitionFromGraph } from './questionnaire-input.js';

const ACTION = 'author questionnaire versions';

const problemsAt = (prefix: string, issues: DefinitionIssue[]): FieldProblem[] =>
  issues.map((i) => ({ field: [prefix, ...i.path].join('.'), reason: i.message }));

const requireSecretariat = (caller: Caller) =>
  requirePrivilege(caller, isSecretariat(caller) ? 'secretariat' : null, ACTION);

/** Drafts are the secretariat's work in progress: to everyone else they do not exist. */
export const visibleTo = (caller: Caller, q: QuestionnaireRecord | null): QuestionnaireRecord | null =>
  q && (q.status !== 'draft' || isSecretariat(caller)) ? q : null;

/**
 * A version's content from the graph, checked: its shape and conditions, and every question id it shares with
 * another version of its kind keeping that question's meaning (type, options, scale, personal).
 */
async function checkedContent(deps: SurveysDeps, kind: QuestionnaireKind, input: unknown, except?: string) {
  const { definition, problems } = definitionFromGraph(input, 'definition');
  if (problems.length) throw validationError(problems);
  const result = parseQuestionnaireContent(kind, definition);
  if (!result.ok) throw validationError(problemsAt('definition', result.issues));
  const others = (await deps.questionnaires.list(kind, { drafts: true })).filter((q) => q.id !== except);
  const clashes = incompatibilities(result.content, others);
  if (clashes.length) throw validationError(problemsAt('definition', clashes));
  return result.content;
}

async function stored(deps: SurveysDeps, id: unknown): Promise<QuestionnaireRecord> {
  const qid = requestedId(id, 'id');
  const questionnaire = await deps.questionnaires.byId(qid);
  if (!questionnaire) throw notFoundError('Questionnaire', qid);
  return questionnaire;
}

const immutable = (q: QuestionnaireRecord) =>
  invalidStateError(`${q.id} is ${q.status}: a published version never changes; write a new version`, {
    field: 'id',
    status: q.status.toUpperCase(),
  });

const kindInput = z.enum(QUESTIONNAIRE_KINDS);

/**
 * Starts a new version of a kind as a draft, numbered after every existing version: the secretariat only, and
 * one draft per kind at a time (edit it, publish it or delete it).
 */
export async function createQuestionnaireVersion(
  deps: SurveysDeps,
  caller: Caller,
  kind: unknown,
  definition: unknown,
): Promise<QuestionnaireRecord> {
  requireSecretariat(caller);
  const k = parseInput(kindInput, kind, 'kind');
  const content = await checkedContent(deps, k, definition);
  const versions = await deps.questionnaires.list(k, { drafts: true });
  const draft = versions.find((q) => q.status === 'draft');
  if (draft) {
    throw invalidStateError(`${draft.id} is already a draft of ${k}: edit, publish or delete it first`, {
      field: 'kind',
      draftId: draft.id,
    });
  }
  const version = Math.max(0, ...versions.map((q) => q.version)) + 1;
  const now = new Date();
  const doc: QuestionnaireDocument = {
    _id: questionnaireId(k, version),
    kind: k,
    version,
    status: 'draft',
    ...content,
    revision: 1,
    publishedAt: null,
    retiredAt: null,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await deps.questionnaires.model.collection.insertOne(doc as never);
  } catch (err) {
    if (isDuplicateKey(err))
      throw conflictError(`Another ${k} version was created at the same time; retry`, { field: 'kind' });
    throw err;
  }
  return toQuestionnaireRecord(doc);
}

/** Replaces a draft's content: the secretariat only, and only while it is a draft. */
export async function updateQuestionnaireVersion(
  deps: SurveysDeps,
  caller: Caller,
  id: unknown,
  definition: unknown,
  expectedRevision?: number | null,
): Promise<QuestionnaireRecord> {
  requireSecretariat(caller);
  const current = await stored(deps, id);
  if (current.status !== 'draft') throw immutable(current);
  if (expectedRevision != null && expectedRevision !== current.revision) {
    throw invalidStateError(`${current.id} is at revision ${current.revision}, not ${expectedRevision}`, {
      field: 'expectedRevision',
      currentRevision: current.revision,
    });
  }
  const content = await checkedContent(deps, current.kind, definition, current.id);
  const revision = current.revision + 1;
  const res = await deps.questionnaires.model.updateOne(
    { _id: current.id, status: 'draft', revision: current.revision },
    { $set: { ...content, revision, updatedAt: new Date() } },
  );
  if (res.matchedCount !== 1) {
    throw invalidStateError(`${current.id} changed while saving; read it again and retry`, {
      field: 'expectedRevision',
    });
  }
  return { ...current, ...content, revision };
}

/**
 * Publishes a draft: from now on it is answerable and never changes. Its question ids are checked once more
 * against the versions published since it was written. Publishing a published version changes nothing.
 */
export async function publishQuestionnaireVersion(
  deps: SurveysDeps,
  caller: Caller,
  id: unknown,
): Promise<QuestionnaireRecord> {
  requireSecretariat(caller);
  const current = await stored(deps, id);
  if (current.status === 'published') return current;
  if (current.status !== 'draft') throw immutable(current);
  const others = (await deps.questionnaires.list(current.kind, { drafts: true })).filter(
    (q) => q.id !== current.id,
  );
  const clashes = incompatibilities(current, others);
  if (clashes.length) throw validationError(problemsAt('definition', clashes));
  const now = new Date();
  const res = await deps.questionnaires.model.updateOne(
    { _id: current.id, status: 'draft', revision: current.revision },
    { $set: { status: 'published', publishedAt: now, updatedAt: now } },
  );
  if (res.matchedCount !== 1) {
    const latest = await stored(deps, current.id);
    if (latest.status === 'published') return latest;
    throw invalidStateError(`${current.id} changed while publishing; read it again and retry`, {
      field: 'id',
    });
  }
  return { ...current, status: 'published', publishedAt: now };
}

/**
 * Retires a published version: no new campaigns or standing responses use it; its responses stay, and a
 * campaign already asking it runs to its close. Retiring a retired version changes nothing.
 */
export async function retireQuestionnaireVersion(
  deps: SurveysDeps,
  caller: Caller,
  id: unknown,
): Promise<QuestionnaireRecord> {
  requireSecretariat(caller);
  const current = await stored(deps, id);
  if (current.status === 'retired') return current;
  if (current.status === 'draft') {
    throw invalidStateError(`${current.id} is a draft: delete it instead`, { field: 'id', status: 'DRAFT' });
  }
  const now = new Date();
  await deps.questionnaires.model.updateOne(
    { _id: current.id, status: 'published' },
    { $set: { status: 'retired', retiredAt: now, updatedAt: now } },
  );
  return (await deps.questionnaires.byId(current.id)) as QuestionnaireRecord;
}

/** Deletes a draft nobody can have answered: the secretariat only; published versions stay forever. */
export async function deleteQuestionnaireDraft(
  deps: SurveysDeps,
  caller: Caller,
  id: unknown,
): Promise<string> {
  requireSecretariat(caller);
  const current = await stored(deps, id);
  if (current.status !== 'draft') throw immutable(current);
  const res = await deps.questionnaires.model.deleteOne({ _id: current.id, status: 'draft' });
  if (res.deletedCount !== 1)
    throw invalidStateError(`${current.id} changed meanwhile; read it again`, { field: 'id' });
  return current.id;
}
