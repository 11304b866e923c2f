import { z } from 'zod';
import { QUESTION_TYPES, QUESTIONNAIRE_KINDS, type QuestionnaireRecord } from '../model/questionnaire.js';

const DEFAULT_TEXT_LENGTH = 4000;

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (no dots: ids become field paths)');
// Option values may be codes such as economies' ISO codes.
const optionValue = z.string().regex(/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/, 'must be letters, digits and dashes');
const localizedText = z.object({ en: z.string().min(1), ru: z.string().min(1) });

const question = z
  .object({
    id: slug,
    type: z.enum(QUESTION_TYPES),
    required: z.boolean().default(false),
    text: localizedText,
    help: localizedText.nullable().default(null),
    options: z
      .array(z.object({ value: optionValue, label: localizedText, exclusive: z.boolean().default(false) }))
      .default([]),
    min: z.number().nullable().default(null),
    max: z.number().nullable().default(null),
    integer: z.boolean().default(false),
    maxLength: z.number().int().positive().nullable().default(null),
  })
  .superRefine((q, ctx) => {
    const choice = q.type === 'single-choice' || q.type === 'multiple-choice';
    if (choice && q.options.length < 2)
      ctx.addIssue({ code: 'custom', message: `${q.id}: a choice needs options` });
    if (!choice && q.options.length > 0)
      ctx.addIssue({ code: 'custom', message: `${q.id}: only choices have options` });
    if (q.type !== 'multiple-choice' && q.options.some((o) => o.exclusive)) {
      ctx.addIssue({
        code: 'custom',
        message: `${q.id}: only options of a multiple choice can be exclusive`,
      });
    }
    if (new Set(q.options.map((o) => o.value)).size !== q.options.length) {
      ctx.addIssue({ code: 'custom', message: `${q.id}: option values must be unique` });
    }
  })
  .transform((q) => ({ ...q, maxLength: q.type === 'text' ? (q.maxLength ?? DEFAULT_TEXT_LENGTH) : null }));

const questionnaire = z
  .object({
    kind: z.enum(QUESTIONNAIRE_KINDS),
    version: z.number().int().min(1),
    title: localizedText,
    description: localizedText.nullable().default(null),
    sections: z
      .array(z.object({ id: slug, title: localizedText, questions: z.array(question).min(1) }))
      .min(1),
  })
  .superRefine((q, ctx) => {
    const ids = q.sections.flatMap((s) => s.questions.map((question) => question.id));
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (repeated.length)
      ctx.addIssue({ code: 'custom', message: `question ids repeat: ${repeated.join(', ')}` });
  });

export type QuestionnaireDefinition = z.input<typeof questionnaire>;

/**
 * Checks a definition written in code (both languages present, ids unique, choices with options) and fills
 * its defaults; a broken definition stops the service at start instead of confusing respondents.
 */
export function defineQuestionnaire(definition: QuestionnaireDefinition): QuestionnaireRecord {
  const parsed = questionnaire.safeParse(definition);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`questionnaire ${definition.kind} v${definition.version} is invalid: ${problems}`);
  }
  return { id: `${parsed.data.kind}-v${parsed.data.version}`, ...parsed.data };
}
