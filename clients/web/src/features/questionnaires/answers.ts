/**
 * Answers as the form holds them, their wire encoding (schemas/surveys.graphql, QuestionType) and the condition
 * rule the server applies (services/surveys/src/questionnaires/conditions.ts): one pass in questionnaire order, a
 * question shown when its section's and its own conditions hold on the answers of the questions shown before it;
 * every test of a missing answer is false, only NOT and ANSWERED ask about one.
 */
import type {
  QuestionConditionFragment,
  QuestionnaireDefinitionFragment,
  QuestionnaireHeaderFragment,
} from '../../__generated__/graphql';

/** A questionnaire version with its sections parsed from definitionJson (decision 31). */
export type Definition = Omit<QuestionnaireHeaderFragment, 'definitionJson'> &
  QuestionnaireDefinitionFragment;
export type Section = Definition['sections'][number];
export type Question = Section['questions'][number];
type Condition = Pick<QuestionConditionFragment, 'op' | 'questionId' | 'row' | 'value'> & {
  conditions?: readonly Condition[];
};

/** A decoded answer: text, number, boolean, option or code list, or a matrix's row → column. */
export type AnswerValue = string | number | boolean | string[] | Record<string, string>;
/** The form's answers by question id; a NUMBER answer is the text typed until it is a number. */
export type Answers = ReadonlyMap<string, AnswerValue>;

const parsed = new WeakMap<QuestionnaireHeaderFragment, Definition>();

/** The version with its sections, parsed once per fetched object. */
export function parseDefinition(header: QuestionnaireHeaderFragment): Definition {
  let definition = parsed.get(header);
  if (!definition) {
    const { definitionJson, ...rest } = header;
    definition = { ...rest, ...(JSON.parse(definitionJson) as QuestionnaireDefinitionFragment) };
    parsed.set(header, definition);
  }
  return definition;
}

/** The wire value of an answer (null clears it): text as is, everything else JSON. */
export function encodeAnswer(question: Question, value: AnswerValue | undefined): string | null {
  if (value === undefined) return null;
  if (question.type === 'TEXT') return String(value).trim() === '' ? null : String(value);
  if (question.type === 'NUMBER') {
    const raw = String(value).trim();
    if (raw === '') return null;
    const n = Number(raw.replace(',', '.'));
    return Number.isFinite(n) ? JSON.stringify(n) : raw;
  }
  if (Array.isArray(value) && value.length === 0) return null;
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return null;
  return JSON.stringify(value);
}

/** A saved answer read back into the form. */
export function decodeAnswer(question: Question | undefined, raw: string): AnswerValue {
  if (!question || question.type === 'TEXT') return raw;
  try {
    const value = JSON.parse(raw) as AnswerValue;
    return question.type === 'NUMBER' ? String(value) : value;
  } catch {
    return raw;
  }
}

export function questionsOf(definition: Pick<Definition, 'sections'>): Map<string, Question> {
  return new Map(definition.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));
}

export function answersOf(
  definition: Pick<Definition, 'sections'>,
  saved: readonly { questionId: string; value: string }[],
): Map<string, AnswerValue> {
  const questions = questionsOf(definition);
  return new Map(saved.map((a) => [a.questionId, decodeAnswer(questions.get(a.questionId), a.value)]));
}

/** The value conditions compare: a NUMBER answer as a number (none while it is not one). */
function comparable(question: Question, value: AnswerValue | undefined): AnswerValue | undefined {
  if (value === undefined || question.type !== 'NUMBER') return value;
  const encoded = encodeAnswer(question, value);
  const n = encoded === null ? Number.NaN : Number(encoded);
  return Number.isFinite(n) ? n : undefined;
}

function parseValue(raw: string | null): unknown {
  if (raw === null) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Whether a condition holds on the answers of the questions shown so far. */
export function evaluateCondition(condition: Condition, answers: Answers): boolean {
  const parts = condition.conditions ?? [];
  if (condition.op === 'ALL') return parts.every((c) => evaluateCondition(c, answers));
  if (condition.op === 'ANY') return parts.some((c) => evaluateCondition(c, answers));
  if (condition.op === 'NOT') return parts[0] ? !evaluateCondition(parts[0], answers) : false;
  let answer: unknown = answers.get(condition.questionId ?? '');
  if (answer !== undefined && condition.row != null) {
    answer =
      typeof answer === 'object' && !Array.isArray(answer)
        ? (answer as Record<string, string>)[condition.row]
        : undefined;
  }
  if (answer === undefined) return false;
  const value = parseValue(condition.value);
  const list = Array.isArray(value) ? (value as unknown[]) : [];
  switch (condition.op) {
    case 'ANSWERED':
      return true;
    case 'EQUALS':
      return answer === value;
    case 'IN':
      return list.includes(answer);
    case 'INCLUDES':
      return Array.isArray(answer) && answer.includes(value);
    case 'INCLUDES_ANY':
      return Array.isArray(answer) && list.some((v) => (answer as unknown[]).includes(v));
    case 'GT':
      return typeof answer === 'number' && answer > (value as number);
    case 'GTE':
      return typeof answer === 'number' && answer >= (value as number);
    case 'LT':
      return typeof answer === 'number' && answer < (value as number);
    case 'LTE':
      return typeof answer === 'number' && answer <= (value as number);
    default:
      return false;
  }
}

/** The ids of the questions a respondent sees given the answers, in questionnaire order. */
export function visibleQuestions(definition: Pick<Definition, 'sections'>, answers: Answers): Set<string> {
  const visible = new Set<string>();
  const seen = new Map<string, AnswerValue>();
  const shown = (element: { showIf: Condition | null }) =>
    !element.showIf || evaluateCondition(element.showIf, seen);
  for (const section of definition.sections) {
    if (!shown(section)) continue;
    for (const question of section.questions) {
      if (!shown(question)) continue;
      visible.add(question.id);
      const answer = comparable(question, answers.get(question.id));
      if (answer !== undefined) seen.set(question.id, answer);
    }
  }
  return visible;
}
