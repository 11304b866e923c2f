import type {
  ConditionRecord,
  ConditionValue,
  QuestionRecord,
  QuestionnaireRecord,
  SectionRecord,
} from '../model/questionnaire.js';
import type { AnswerValue } from '../model/response.js';
import { isAnswerCode } from './economies.js';

/** How deep `all`/`any`/`not` may nest (a leaf under two combinators): deep enough, and a client can query it. */
export const MAX_CONDITION_DEPTH = 3;
const MAX_CONDITIONS_COMBINED = 10;

export interface DefinitionIssue {
  path: (string | number)[];
  message: string;
}

const COMBINATORS = new Set(['all', 'any', 'not']);
const COMPARISONS = new Set(['gt', 'gte', 'lt', 'lte']);

/** Whether a value is a valid answer of one point of a question (an option, a column, a code, a number). */
function isPointValue(q: QuestionRecord, v: unknown): boolean {
  switch (q.type) {
    case 'single-choice':
    case 'multiple-choice':
    case 'matrix':
      return typeof v === 'string' && q.options.some((o) => o.value === v);
    case 'economy':
      return typeof v === 'string' && isAnswerCode(q.economyScope ?? 'apec', v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'scale':
      return typeof v === 'number' && Number.isInteger(v) && v >= (q.min ?? 0) && v <= (q.max ?? 0);
    case 'yes-no':
      return typeof v === 'boolean';
    case 'text':
      return false;
  }
}

/** The operators a question's answer can be tested with. */
function operatorsFor(q: QuestionRecord): string[] {
  switch (q.type) {
    case 'single-choice':
    case 'matrix':
      return ['equals', 'in', 'answered'];
    case 'multiple-choice':
      return ['includes', 'includes-any', 'answered'];
    case 'economy':
      return q.multiple ? ['includes', 'includes-any', 'answered'] : ['equals', 'in', 'answered'];
    case 'number':
    case 'scale':
      return ['equals', 'in', 'gt', 'gte', 'lt', 'lte', 'answered'];
    case 'yes-no':
      return ['equals', 'answered'];
    case 'text':
      return ['answered'];
  }
}

/**
 * Checks a condition against the questions it may test: only those before the element it governs (so there
 * are no cycles and one pass in questionnaire order decides everything), with operators and values that
 * make sense for each question's type.
 */
export function conditionIssues(
  condition: ConditionRecord,
  earlier: ReadonlyMap<string, QuestionRecord>,
  path: (string | number)[],
  depth = 1,
): DefinitionIssue[] {
  const issue = (message: string, at: (string | number)[] = []) => [{ path: [...path, ...at], message }];
  if (depth > MAX_CONDITION_DEPTH) {
    return issue(`conditions nest at most ${MAX_CONDITION_DEPTH} deep`);
  }
  if (COMBINATORS.has(condition.op)) {
    const parts = condition.conditions ?? [];
    if (condition.questionId != null || condition.row != null || condition.value != null) {
      return issue(`${condition.op} combines conditions: it takes no questionId, row or value`);
    }
    if (condition.op === 'not' && parts.length !== 1)
      return issue('not takes exactly one condition', ['conditions']);
    if (parts.length === 0) return issue(`${condition.op} needs at least one condition`, ['conditions']);
    if (parts.length > MAX_CONDITIONS_COMBINED) {
      return issue(`${condition.op} combines at most ${MAX_CONDITIONS_COMBINED} conditions`, ['conditions']);
    }
    return parts.flatMap((part, i) => conditionIssues(part, earlier, [...path, 'conditions', i], depth + 1));
  }
  if (condition.conditions?.length)
    return issue(`${condition.op} tests one answer: it combines no conditions`);
  const questionId = condition.questionId;
  if (!questionId) return issue('must name the question it tests', ['questionId']);
  const q = earlier.get(questionId);
  if (!q) return issue(`"${questionId}" is not a question before this one`, ['questionId']);
  if (!operatorsFor(q).includes(condition.op)) {
    return issue(`${condition.op} cannot test a ${q.type} question (${operatorsFor(q).join(', ')} can)`, [
      'op',
    ]);
  }
  if (q.type === 'matrix') {
    if (condition.row == null && condition.op !== 'answered')
      return issue('must name the matrix row it tests', ['row']);
    if (condition.row != null && !q.rows.some((r) => r.value === condition.row)) {
      return issue(`"${condition.row}" is not a row of ${q.id}`, ['row']);
    }
  } else if (condition.row != null) {
    return issue('only a matrix question has rows', ['row']);
  }
  const { value } = condition;
  if (condition.op === 'answered') {
    return value == null ? [] : issue('answered takes no value', ['value']);
  }
  if (condition.op === 'in' || condition.op === 'includes-any') {
    const ok = Array.isArray(value) && value.length > 0 && value.every((v: unknown) => isPointValue(q, v));
    return ok ? [] : issue(`must be a non-empty list of valid answers of ${q.id}`, ['value']);
  }
  if (COMPARISONS.has(condition.op)) {
    return typeof value === 'number' && Number.isFinite(value) ? [] : issue('must be a number', ['value']);
  }
  return isPointValue(q, value) ? [] : issue(`must be a valid answer of ${q.id}`, ['value']);
}

/** The answer a leaf tests: a matrix row's column, or the answer itself. */
function testedAnswer(
  condition: ConditionRecord,
  answers: ReadonlyMap<string, AnswerValue>,
): AnswerValue | undefined {
  const answer = answers.get(condition.questionId ?? '');
  if (answer === undefined || condition.row == null) return answer;
  if (typeof answer !== 'object' || Array.isArray(answer)) return undefined;
  return (answer as Record<string, string>)[condition.row];
}

/**
 * Evaluates a condition on the answers of the questions shown so far. Every test of an answer is false when
 * the question is unanswered (or hidden); `not` and `answered` are how a form asks about a missing answer.
 */
export function evaluateCondition(
  condition: ConditionRecord,
  answers: ReadonlyMap<string, AnswerValue>,
): boolean {
  const parts = condition.conditions ?? [];
  switch (condition.op) {
    case 'all':
      return parts.every((c) => evaluateCondition(c, answers));
    case 'any':
      return parts.some((c) => evaluateCondition(c, answers));
    case 'not':
      return !evaluateCondition(parts[0] as ConditionRecord, answers);
    default:
      break;
  }
  const answer = testedAnswer(condition, answers);
  if (answer === undefined) return false;
  const value = condition.value as ConditionValue;
  switch (condition.op) {
    case 'answered':
      return true;
    case 'equals':
      return answer === value;
    case 'in':
      return (value as unknown[]).includes(answer);
    case 'includes':
      return Array.isArray(answer) && (answer as unknown[]).includes(value);
    case 'includes-any':
      return Array.isArray(answer) && (value as unknown[]).some((v) => (answer as unknown[]).includes(v));
    case 'gt':
      return typeof answer === 'number' && answer > (value as number);
    case 'gte':
      return typeof answer === 'number' && answer >= (value as number);
    case 'lt':
      return typeof answer === 'number' && answer < (value as number);
    case 'lte':
      return typeof answer === 'number' && answer <= (value as number);
  }
}

const shown = (element: Pick<SectionRecord, 'showIf'>, answers: ReadonlyMap<string, AnswerValue>) =>
  !element.showIf || evaluateCondition(element.showIf, answers);

/**
 * The questions a respondent sees given their answers: one pass in questionnaire order, each condition
 * tested on the answers of the questions shown before it (a hidden question's answer counts as none).
 */
export function visibleQuestions(
  questionnaire: Pick<QuestionnaireRecord, 'sections'>,
  answers: ReadonlyMap<string, AnswerValue>,
): Set<string> {
  const visible = new Set<string>();
  const seen = new Map<string, AnswerValue>();
  for (const section of questionnaire.sections) {
    if (!shown(section, seen)) continue;
    for (const question of section.questions) {
      if (!shown(question, seen)) continue;
      visible.add(question.id);
      const answer = answers.get(question.id);
      if (answer !== undefined) seen.set(question.id, answer);
    }
  }
  return visible;
}
