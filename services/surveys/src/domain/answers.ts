import { type FieldProblem, plainText } from '@ccp/kit';
import { type QuestionnaireRecord, type QuestionRecord, questionsById } from '../model/questionnaire.js';
import type { AnswerRecord, AnswerValue } from '../model/response.js';
import { visibleQuestions } from '../questionnaires/conditions.js';
import { isAnswerCode } from '../questionnaires/economies.js';

export interface AnswerInput {
  questionId: string;
  /** Encoded as the schema's QuestionType describes; null clears the answer. */
  value?: string | null;
}

type Decoded = { ok: true; value: AnswerValue } | { ok: false; reason: string };

const fail = (reason: string): Decoded => ({ ok: false, reason });
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

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

function decodeScale(q: QuestionRecord, raw: string): Decoded {
  const parsed = parseJson(raw, String(q.min));
  if (!parsed.ok) return parsed;
  const n = parsed.value;
  const range = `a whole number from ${q.min} to ${q.max}`;
  if (typeof n !== 'number' || !Number.isInteger(n)) return fail(`must be ${range}`);
  if (n < (q.min as number) || n > (q.max as number)) return fail(`must be ${range}`);
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

/** A list of distinct strings, each accepted by `accepts`, within the question's selection bounds. */
function decodeList(
  q: QuestionRecord,
  raw: string,
  example: string,
  accepts: (v: string) => boolean,
  rejected: (vs: string[]) => string,
): { ok: true; value: string[] } | { ok: false; reason: string } {
  const parsed = parseJson(raw, example);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    return { ok: false, reason: `must be a JSON array, e.g. ${example}` };
  }
  if (value.length === 0)
    return { ok: false, reason: 'must choose at least one (send null to clear the answer)' };
  const unknown = value.filter((v) => !accepts(v));
  if (unknown.length) return { ok: false, reason: rejected(unknown) };
  if (new Set(value).size !== value.length)
    return { ok: false, reason: 'must not choose the same one twice' };
  if (q.minSelections != null && value.length < q.minSelections) {
    return { ok: false, reason: `must choose at least ${q.minSelections}` };
  }
  if (q.maxSelections != null && value.length > q.maxSelections) {
    return { ok: false, reason: `must choose at most ${q.maxSelections}` };
  }
  return { ok: true, value: value as string[] };
}

const quoted = (vs: string[]) => vs.map((v) => `"${v}"`).join(', ');

function decodeChoices(q: QuestionRecord, raw: string): Decoded {
  const decoded = decodeList(
    q,
    raw,
    `["${q.options[0]?.value ?? 'option'}"]`,
    (v) => q.options.some((o) => o.value === v),
    (vs) => `${quoted(vs)} not options of this question`,
  );
  if (!decoded.ok) return decoded;
  const exclusive = q.options.find((o) => o.exclusive && decoded.value.includes(o.value));
  if (exclusive && decoded.value.length > 1) return fail(`"${exclusive.value}" can only be chosen alone`);
  // In the options' order, so the same choice is always the same stored answer.
  return { ok: true, value: q.options.map((o) => o.value).filter((v) => decoded.value.includes(v)) };
}

function decodeEconomy(q: QuestionRecord, raw: string): Decoded {
  const scope = q.economyScope ?? 'apec';
  const what = scope === 'apec' ? 'APEC economy codes' : 'ISO 3166-1 alpha-2 country codes';
  if (q.multiple) {
    const decoded = decodeList(
      q,
      raw,
      '["CN","VN"]',
      (v) => isAnswerCode(scope, v),
      (vs) => `${quoted(vs)} not ${what}`,
    );
    return decoded.ok ? { ok: true, value: [...decoded.value].sort() } : decoded;
  }
  const parsed = parseJson(raw, '"VN"');
  if (!parsed.ok) return parsed;
  const code = parsed.value;
  if (typeof code !== 'string') return fail('must be one economy code as a JSON string, e.g. "VN"');
  if (!isAnswerCode(scope, code)) return fail(`"${code}" is not one of the ${what}`);
  return { ok: true, value: code };
}

function decodeMatrix(q: QuestionRecord, raw: string): Decoded {
  const example = `{"${q.rows[0]?.value}":"${q.options[0]?.value}"}`;
  const parsed = parseJson(raw, example);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(`must be a JSON object of row → column, e.g. ${example}`);
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return fail('must answer at least one row (send null to clear the answer)');
  const rows = entries.filter(([row]) => !q.rows.some((r) => r.value === row)).map(([row]) => row);
  if (rows.length) return fail(`${quoted(rows)} not rows of this question`);
  const bad = entries.filter(([, col]) => typeof col !== 'string' || !q.options.some((o) => o.value === col));
  if (bad.length) return fail(`rows ${quoted(bad.map(([row]) => row))} must each be one column value`);
  // Stored in the question's row order, so equal answers are equal documents.
  const ordered = Object.fromEntries(
    q.rows.flatMap((r) => (r.value in value ? [[r.value, (value as Record<string, string>)[r.value]]] : [])),
  );
  return { ok: true, value: ordered as Record<string, string> };
}

function decodeYesNo(raw: string): Decoded {
  const parsed = parseJson(raw, 'true');
  if (!parsed.ok) return parsed;
  return typeof parsed.value === 'boolean'
    ? { ok: true, value: parsed.value }
    : fail('must be true or false');
}

function decodeText(q: QuestionRecord, raw: string): Decoded {
  if (!raw.trim()) return fail('must not be empty (send null to clear the answer)');
  const parsed = plainText(q.maxLength ?? 4000).safeParse(raw);
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? 'is not a valid text');
  if (q.format === 'email' && !EMAIL.test(parsed.data)) return fail('must be an e-mail address');
  return { ok: true, value: parsed.data };
}

function decode(q: QuestionRecord, raw: string): Decoded {
  switch (q.type) {
    case 'number':
      return decodeNumber(q, raw);
    case 'scale':
      return decodeScale(q, raw);
    case 'single-choice':
      return decodeChoice(q, raw);
    case 'multiple-choice':
      return decodeChoices(q, raw);
    case 'economy':
      return decodeEconomy(q, raw);
    case 'matrix':
      return decodeMatrix(q, raw);
    case 'yes-no':
      return decodeYesNo(raw);
    case 'text':
      return decodeText(q, raw);
  }
}

/**
 * Checks answers against their questionnaire's types and decodes them. `changes` maps each question answered
 * to its new answer (null: cleared); `problems` names every answer at fault as `answers.<questionId>`, one per
 * question. Required questions and conditions are not checked here: a draft may be incomplete.
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

/**
 * What a submission keeps, and what it still lacks. Answers to questions the answers themselves hide are
 * dropped (a respondent who changes an earlier answer should not have to clear what it hid); every required
 * question shown must be answered, a required matrix in every row. One problem per question.
 */
export function submittedAnswers(
  questionnaire: QuestionnaireRecord,
  answers: readonly AnswerRecord[],
): { kept: AnswerRecord[]; dropped: string[]; problems: FieldProblem[] } {
  const values = new Map(answers.map((a) => [a.questionId, a.value]));
  const visible = visibleQuestions(questionnaire, values);
  const kept = answers.filter((a) => visible.has(a.questionId));
  const dropped = answers.filter((a) => !visible.has(a.questionId)).map((a) => a.questionId);
  const problems: FieldProblem[] = [];
  for (const q of questionsById(questionnaire).values()) {
    if (!q.required || !visible.has(q.id)) continue;
    const answer = values.get(q.id);
    const field = `answers.${q.id}`;
    if (answer === undefined) {
      problems.push({ field, reason: 'is required' });
    } else if (q.type === 'matrix') {
      const open = q.rows.filter((r) => !(r.value in (answer as Record<string, string>))).map((r) => r.value);
      if (open.length)
        problems.push({ field, reason: `is required in every row (missing: ${open.join(', ')})` });
    }
  }
  return { kept, dropped, problems };
}

/** Splits answers into the anonymous ones and those to personal questions (kept with the respondent). */
export function splitPersonal(
  questionnaire: QuestionnaireRecord,
  answers: readonly AnswerRecord[],
): { answers: AnswerRecord[]; personal: AnswerRecord[] } {
  const questions = questionsById(questionnaire);
  const personal = (a: AnswerRecord) => questions.get(a.questionId)?.personal === true;
  return { answers: answers.filter((a) => !personal(a)), personal: answers.filter(personal) };
}

/** The wire form of a saved answer: text as is, everything else JSON. */
export function encodeAnswer(answer: AnswerRecord): string {
  return answer.type === 'text' ? String(answer.value) : JSON.stringify(answer.value);
}
