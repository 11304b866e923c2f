import type { FieldProblem } from '@ccp/kit';
import { type QuestionnaireRecord, type QuestionRecord, questionsById } from '../model/questionnaire.js';
import type { AnswerRecord, AnswerValue } from '../model/response.js';

export interface AnswerInput {
  questionId: string;
  /** Encoded as the schema's QuestionType describes; null clears the answer. */
  value?: string | null;
}

type Decoded = { ok: true; value: AnswerValue } | { ok: false; reason: string };

const fail = (reason: string): Decoded => ({ ok: false, reason });

function parseJson(
  raw: string,
  example: string,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false, reason: `must be JSON-encoded, e.g. ${example}` };
  }
}

function decodeNumber(q: QuestionRecord, raw: string): Decoded {
  const parsed = parseJson(raw, '42');
  if (!parsed.ok) return parsed;
  const n = parsed.value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return fail('must be a number');
  if (q.integer && !Number.isInteger(n)) return fail('must be a whole number');
  if (q.min != null && n < q.min) return fail(`must be at least ${q.min}`);
  if (q.max != null && n > q.max) return fail(`must be at most ${q.max}`);
  return { ok: true, value: n };
}

function decodeChoice(q: QuestionRecord, raw: string): Decoded {
  const parsed = parseJson(raw, `"${q.options[0]?.value ?? 'option'}"`);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (typeof value !== 'string') return fail('must be one option value as a JSON string');
  if (!q.options.some((o) => o.value === value)) return fail(`"${value}" is not an option of this question`);
  return { ok: true, value };
}

function decodeChoices(q: QuestionRecord, raw: string): Decoded {
  const parsed = parseJson(raw, `["${q.options[0]?.value ?? 'option'}"]`);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    return fail('must be a JSON array of option values');
  }
  if (value.length === 0) return fail('must choose at least one option (send null to clear the answer)');
  const unknown = value.filter((v) => !q.options.some((o) => o.value === v));
  if (unknown.length) return fail(`${unknown.map((v) => `"${v}"`).join(', ')} not options of this question`);
  if (new Set(value).size !== value.length) return fail('must not choose an option twice');
  const exclusive = q.options.find((o) => o.exclusive && value.includes(o.value));
  if (exclusive && value.length > 1) return fail(`"${exclusive.value}" can only be chosen alone`);
  return { ok: true, value: value as string[] };
}

function decodeYesNo(raw: string): Decoded {
  const parsed = parseJson(raw, 'true');
  if (!parsed.ok) return parsed;
  return typeof parsed.value === 'boolean'
    ? { ok: true, value: parsed.value }
    : fail('must be true or false');
}

function decodeText(q: QuestionRecord, raw: string): Decoded {
  const text = raw.trim();
  if (!text) return fail('must not be empty (send null to clear the answer)');
  if (q.maxLength != null && text.length > q.maxLength)
    return fail(`must be at most ${q.maxLength} characters`);
  return { ok: true, value: text };
}

function decode(q: QuestionRecord, raw: string): Decoded {
  switch (q.type) {
    case 'number':
      return decodeNumber(q, raw);
    case 'single-choice':
      return decodeChoice(q, raw);
    case 'multiple-choice':
      return decodeChoices(q, raw);
    case 'yes-no':
      return decodeYesNo(raw);
    case 'text':
      return decodeText(q, raw);
  }
}

/**
 * Checks answers against their questionnaire and decodes them. `changes` maps each question answered to its
 * new answer (null: cleared); `problems` names every answer at fault as `answers.<questionId>`.
 */
export function decodeAnswers(
  questionnaire: QuestionnaireRecord,
  answers: readonly AnswerInput[],
): { changes: Map<string, AnswerRecord | null>; problems: FieldProblem[] } {
  const questions = questionsById(questionnaire);
  const changes = new Map<string, AnswerRecord | null>();
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const { questionId, value } of answers) {
    const field = `answers.${questionId}`;
    const question = questions.get(questionId);
    if (!question) {
      problems.push({ field, reason: `is not a question of ${questionnaire.id}` });
      continue;
    }
    if (seen.has(questionId)) {
      problems.push({ field, reason: 'is answered more than once' });
      continue;
    }
    seen.add(questionId);
    if (value == null) {
      changes.set(questionId, null);
      continue;
    }
    const decoded = decode(question, value);
    if (decoded.ok) changes.set(questionId, { questionId, type: question.type, value: decoded.value });
    else problems.push({ field, reason: decoded.reason });
  }
  return { changes, problems };
}

/** Applies changes to saved answers, keeping the questionnaire's order so responses read the same way. */
export function mergeAnswers(
  questionnaire: QuestionnaireRecord,
  saved: readonly AnswerRecord[],
  changes: ReadonlyMap<string, AnswerRecord | null>,
): AnswerRecord[] {
  const byId = new Map(saved.map((a) => [a.questionId, a]));
  for (const [questionId, answer] of changes) {
    if (answer) byId.set(questionId, answer);
    else byId.delete(questionId);
  }
  return [...questionsById(questionnaire).keys()].flatMap((id) => {
    const answer = byId.get(id);
    return answer ? [answer] : [];
  });
}

/** The required questions a response leaves unanswered, as problems naming each. */
export function missingRequiredAnswers(
  questionnaire: QuestionnaireRecord,
  answers: readonly AnswerRecord[],
): FieldProblem[] {
  const answered = new Set(answers.map((a) => a.questionId));
  return [...questionsById(questionnaire).values()]
    .filter((q) => q.required && !answered.has(q.id))
    .map((q) => ({ field: `answers.${q.id}`, reason: 'is required' }));
}

/** The wire form of a saved answer: text as is, everything else JSON. */
export function encodeAnswer(answer: AnswerRecord): string {
  return answer.type === 'text' ? String(answer.value) : JSON.stringify(answer.value);
}
