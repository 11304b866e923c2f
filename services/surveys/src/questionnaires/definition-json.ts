import type {
  ConditionRecord,
  LocalizedText,
  OptionRecord,
  QuestionnaireRecord,
  QuestionRecord,
} from '../model/questionnaire.js';
import { toEnum } from '../resolvers/enum-values.js';

const text = (t: LocalizedText | null | undefined) => (t ? { en: t.en, ru: t.ru ?? null } : null);

const option = (o: OptionRecord) => ({
  value: o.value,
  label: text(o.label),
  exclusive: o.exclusive === true,
});

/** A condition as the schema's QuestionCondition resolves it (the value JSON-encoded). */
function condition(c: ConditionRecord | null | undefined): unknown {
  if (!c) return null;
  return {
    op: toEnum(c.op),
    questionId: c.questionId ?? null,
    row: c.row ?? null,
    value: c.value == null ? null : JSON.stringify(c.value),
    conditions: (c.conditions ?? []).map(condition),
  };
}

const question = (q: QuestionRecord) => ({
  id: q.id,
  type: toEnum(q.type),
  required: q.required,
  text: text(q.text),
  help: text(q.help),
  options: q.options.map(option),
  min: q.min ?? null,
  max: q.max ?? null,
  integer: q.integer === true,
  maxLength: q.maxLength ?? null,
  format: q.format ? toEnum(q.format) : null,
  personal: q.personal === true,
  rows: q.rows.map(option),
  scaleLabels: q.scaleLabels.map((l) => ({ value: l.value, label: text(l.label) })),
  minSelections: q.minSelections ?? null,
  maxSelections: q.maxSelections ?? null,
  economyScope: q.economyScope ? toEnum(q.economyScope) : null,
  multiple: q.multiple === true,
  showIf: condition(q.showIf),
});

/**
 * `Questionnaire.definitionJson`: the sections, questions and conditions exactly as the schema's fields resolve
 * them, in one string, so a client renders a whole form with one query within the gateway's cost limit.
 */
export function definitionJson(questionnaire: Pick<QuestionnaireRecord, 'sections'>): string {
  return JSON.stringify({
    sections: questionnaire.sections.map((s) => ({
      id: s.id,
      title: text(s.title),
      description: text(s.description),
      showIf: condition(s.showIf),
      questions: s.questions.map(question),
    })),
  });
}
