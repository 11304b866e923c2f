import type { QuestionnaireContent, QuestionnaireRecord, QuestionRecord } from '../model/questionnaire.js';
import type { DefinitionIssue } from './conditions.js';

const missing = (before: QuestionRecord['options'], after: QuestionRecord['options']) =>
  before.filter((o) => !after.some((n) => n.value === o.value)).map((o) => o.value);

/**
 * Why a question may not keep the id of an earlier version's question: its answers would no longer mean the
 * same. Wording, help, new options, bounds of a number and `required` may change; the rest is a new question.
 */
function changes(before: QuestionRecord, after: QuestionRecord): { field: string; reason: string }[] {
  if (before.type !== after.type) {
    return [{ field: 'type', reason: `was a ${before.type} question` }];
  }
  const out: { field: string; reason: string }[] = [];
  const gone = missing(before.options, after.options);
  if (gone.length) out.push({ field: 'options', reason: `drops the option(s) ${gone.join(', ')}` });
  const goneRows = missing(before.rows, after.rows);
  if (goneRows.length) out.push({ field: 'rows', reason: `drops the row(s) ${goneRows.join(', ')}` });
  if (before.type === 'scale' && (before.min !== after.min || before.max !== after.max)) {
    out.push({
      field: 'min',
      reason: `changes the scale ${before.min}–${before.max} to ${after.min}–${after.max}`,
    });
  }
  if (before.type === 'economy') {
    if (before.multiple !== after.multiple)
      out.push({ field: 'multiple', reason: 'changes one economy to several or back' });
    if (before.economyScope === 'any' && after.economyScope === 'apec') {
      out.push({ field: 'economyScope', reason: 'narrows any country to APEC economies' });
    }
  }
  if (before.personal !== after.personal)
    out.push({ field: 'personal', reason: 'changes whether it is personal' });
  return out;
}

/**
 * The questions of a new version that reuse an id of any earlier version of its kind with another meaning.
 * Every earlier version counts, so an id dropped in v2 cannot come back meaning something else in v3.
 */
export function incompatibilities(
  next: Pick<QuestionnaireContent, 'sections'>,
  earlier: readonly Pick<QuestionnaireRecord, 'version' | 'sections'>[],
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  next.sections.forEach((section, i) => {
    section.questions.forEach((question, j) => {
      for (const version of earlier) {
        const before = version.sections.flatMap((s) => s.questions).find((q) => q.id === question.id);
        if (!before) continue;
        for (const { field, reason } of changes(before, question)) {
          issues.push({
            path: ['sections', i, 'questions', j, field],
            message: `${question.id} ${reason} in v${version.version}: a question id keeps its meaning across versions — give a new question a new id`,
          });
        }
      }
    });
  });
  return issues;
}
