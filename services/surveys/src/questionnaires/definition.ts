import { plainText } from '@ccp/kit';
import { z } from 'zod';
import {
  CONDITION_OPERATORS,
  type ConditionRecord,
  ECONOMY_SCOPES,
  QUESTION_TYPES,
  type QUESTIONNAIRE_KINDS,
  type QuestionnaireContent,
  type QuestionnaireRecord,
  type QuestionRecord,
  questionnaireId,
  TEXT_FORMATS,
} from '../model/questionnaire.js';
import { conditionIssues, type DefinitionIssue } from './conditions.js';

export const DEFAULT_TEXT_LENGTH = 4000;
export const LIMITS = {
  sections: 30,
  questions: 200,
  questionsPerSection: 100,
  options: 300,
  rows: 50,
  scalePoints: 11,
  maxLength: 20_000,
  label: 300,
  text: 1000,
  long: 4000,
} as const;

/** The question a follow-up must ask: its yes/no answer is the `successStory` KPI 5 counts. */
export const SUCCESS_STORY_QUESTION = 'success-story';

const slug = z
  .string()
  .max(60, 'must be at most 60 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (no dots: ids become field paths)');
// Option values may be codes such as economies' ISO codes.
const optionValue = z
  .string()
  .max(60, 'must be at most 60 characters')
  .regex(/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/, 'must be letters, digits and dashes');
const BCP47 = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;

/** A text in English and Russian (both required: the platform speaks both), and any other BCP-47 language. */
const localizedText = (max: number) =>
  z
    .record(
      z.string().regex(BCP47, 'must be a BCP-47 language tag (e.g. en, ru, zh-Hans)'),
      plainText(max).nullish(),
    )
    .superRefine((texts, ctx) => {
      for (const locale of ['en', 'ru']) {
        // An empty text is already named by plainText; this catches the missing one.
        if (texts[locale] == null) ctx.addIssue({ code: 'custom', path: [locale], message: 'is required' });
      }
    })
    .transform(
      (texts) =>
        Object.fromEntries(Object.entries(texts).filter(([, t]) => t != null)) as {
          en: string;
          ru: string;
          [locale: string]: string;
        },
    );

const option = z.object({
  value: optionValue,
  label: localizedText(LIMITS.label),
  exclusive: z.boolean().default(false),
});

const condition: z.ZodType<ConditionRecord> = z.lazy(() =>
  z.object({
    op: z.enum(CONDITION_OPERATORS),
    questionId: z.string().max(60).nullish(),
    row: z.string().max(60).nullish(),
    value: z
      .union([
        z.string().max(200),
        z.number(),
        z.boolean(),
        z.array(z.string().max(200)).max(300),
        z.array(z.number()).max(300),
      ])
      .nullish(),
    conditions: z.array(condition).max(10).optional(),
  }),
);

const count = z.number().int('must be a whole number').min(0, 'must not be negative');

const question = z
  .object({
    id: slug,
    type: z.enum(QUESTION_TYPES),
    required: z.boolean().default(false),
    personal: z.boolean().default(false),
    text: localizedText(LIMITS.text),
    help: localizedText(LIMITS.long).nullish(),
    options: z.array(option).max(LIMITS.options).default([]),
    rows: z.array(option).max(LIMITS.rows).default([]),
    min: z.number().nullish(),
    max: z.number().nullish(),
    integer: z.boolean().default(false),
    maxLength: z.number().int().positive().max(LIMITS.maxLength).nullish(),
    format: z.enum(TEXT_FORMATS).nullish(),
    minSelections: count.nullish(),
    maxSelections: count.nullish(),
    scaleLabels: z
      .array(z.object({ value: z.number().int(), label: localizedText(LIMITS.label) }))
      .max(LIMITS.scalePoints)
      .default([]),
    economyScope: z.enum(ECONOMY_SCOPES).nullish(),
    multiple: z.boolean().default(false),
    showIf: condition.nullish(),
  })
  .superRefine((q, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const choice = q.type === 'single-choice' || q.type === 'multiple-choice';
    const selections = q.type === 'multiple-choice' || (q.type === 'economy' && q.multiple);
    if ((choice || q.type === 'matrix') && q.options.length < 2)
      issue('options', `a ${q.type} needs options`);
    if (!choice && q.type !== 'matrix' && q.options.length)
      issue('options', `a ${q.type} question has no options`);
    if (q.type === 'matrix' && q.rows.length === 0) issue('rows', 'a matrix needs rows');
    if (q.type !== 'matrix' && q.rows.length) issue('rows', 'only a matrix has rows');
    if (q.type !== 'multiple-choice' && q.options.some((o) => o.exclusive)) {
      issue('options', 'only options of a multiple choice can be exclusive');
    }
    for (const [name, list] of [
      ['options', q.options],
      ['rows', q.rows],
    ] as const) {
      if (new Set(list.map((o) => o.value)).size !== list.length) issue(name, 'values must be unique');
    }
    const bounded = q.type === 'number' || q.type === 'scale';
    if (!bounded && (q.min != null || q.max != null)) issue('min', `a ${q.type} question has no bounds`);
    if (q.min != null && q.max != null && q.min > q.max) issue('max', 'must not be below min');
    if (q.integer && q.type !== 'number') issue('integer', 'only a number can be required to be whole');
    if (q.type === 'scale') {
      if (q.min == null || q.max == null || !Number.isInteger(q.min) || !Number.isInteger(q.max)) {
        issue('min', 'a scale needs whole-number min and max');
      } else if (q.max - q.min < 1 || q.max - q.min >= LIMITS.scalePoints) {
        issue('max', `a scale has 2 to ${LIMITS.scalePoints} points`);
      } else if (q.scaleLabels.some((l) => l.value < (q.min as number) || l.value > (q.max as number))) {
        issue('scaleLabels', 'label points must lie on the scale');
      }
      if (new Set(q.scaleLabels.map((l) => l.value)).size !== q.scaleLabels.length) {
        issue('scaleLabels', 'one label per point');
      }
    } else if (q.scaleLabels.length) {
      issue('scaleLabels', 'only a scale has labels per point');
    }
    if (q.type !== 'text' && (q.maxLength != null || q.format != null)) {
      issue('maxLength', 'only a text question has a length and a format');
    }
    if (!selections && (q.minSelections != null || q.maxSelections != null)) {
      issue('minSelections', 'only a multiple choice or a multiple economy pick counts selections');
    }
    if (q.minSelections != null && q.maxSelections != null && q.minSelections > q.maxSelections) {
      issue('maxSelections', 'must not be below minSelections');
    }
    if (q.type === 'multiple-choice' && (q.maxSelections ?? 0) > q.options.length) {
      issue('maxSelections', 'must not exceed the number of options');
    }
    if (q.maxSelections === 0) issue('maxSelections', 'must be at least 1');
    if (q.type !== 'economy' && (q.economyScope != null || q.multiple)) {
      issue('economyScope', 'only an economy pick has a scope and may be multiple');
    }
  })
  .transform(
    (q): QuestionRecord => ({
      id: q.id,
      type: q.type,
      required: q.required,
      personal: q.personal,
      text: q.text,
      help: q.help ?? null,
      options: q.options,
      rows: q.rows,
      min: q.min ?? null,
      max: q.max ?? null,
      integer: q.type === 'scale' ? true : q.integer,
      maxLength: q.type === 'text' ? (q.maxLength ?? DEFAULT_TEXT_LENGTH) : null,
      format: q.type === 'text' ? (q.format ?? 'plain') : null,
      minSelections: q.minSelections ?? null,
      maxSelections: q.maxSelections ?? null,
      scaleLabels: [...q.scaleLabels].sort((a, b) => a.value - b.value),
      economyScope: q.type === 'economy' ? (q.economyScope ?? 'apec') : null,
      multiple: q.type === 'economy' ? q.multiple : false,
      showIf: q.showIf ?? null,
    }),
  );

const section = z.object({
  id: slug,
  title: localizedText(LIMITS.text),
  description: localizedText(LIMITS.long).nullish(),
  showIf: condition.nullish(),
  questions: z.array(question).min(1, 'a section needs questions').max(LIMITS.questionsPerSection),
});

/** What a version says (kind and number given separately when the secretariat writes one). */
export const questionnaireContent = z
  .object({
    title: localizedText(LIMITS.text),
    description: localizedText(LIMITS.long).nullish(),
    sections: z.array(section).min(1, 'a questionnaire needs sections').max(LIMITS.sections),
  })
  .transform((q) => ({
    title: q.title,
    description: q.description ?? null,
    sections: q.sections.map((s) => ({ ...s, description: s.description ?? null, showIf: s.showIf ?? null })),
  }));

export type QuestionnaireContentInput = z.input<typeof questionnaireContent>;
type ParsedContent = z.output<typeof questionnaireContent>;

/** What zod cannot see question by question: unique ids, conditions on earlier questions, a follow-up's story. */
export function contentIssues(
  kind: QuestionnaireContent['kind'],
  content: Pick<QuestionnaireContent, 'sections'>,
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const earlier = new Map<string, QuestionRecord>();
  const sectionIds = new Set<string>();
  let total = 0;
  content.sections.forEach((s, i) => {
    if (sectionIds.has(s.id))
      issues.push({ path: ['sections', i, 'id'], message: `section id ${s.id} repeats` });
    sectionIds.add(s.id);
    if (s.showIf) issues.push(...conditionIssues(s.showIf, earlier, ['sections', i, 'showIf']));
    s.questions.forEach((q, j) => {
      const path = ['sections', i, 'questions', j];
      total += 1;
      if (earlier.has(q.id)) issues.push({ path: [...path, 'id'], message: `question id ${q.id} repeats` });
      if (q.showIf) issues.push(...conditionIssues(q.showIf, earlier, [...path, 'showIf']));
      earlier.set(q.id, q);
    });
  });
  if (total > LIMITS.questions) {
    issues.push({ path: ['sections'], message: `a questionnaire has at most ${LIMITS.questions} questions` });
  }
  if (kind === 'follow-up') {
    const located = content.sections.flatMap((s, i) =>
      s.questions.map((q, j) => ({ s, q, path: ['sections', i, 'questions', j] })),
    );
    const story = located.find((l) => l.q.id === SUCCESS_STORY_QUESTION);
    if (!story) {
      issues.push({
        path: ['sections'],
        message: `a follow-up must ask ${SUCCESS_STORY_QUESTION} (yes/no, required)`,
      });
    } else if (story.q.type !== 'yes-no' || !story.q.required || story.q.showIf || story.s.showIf) {
      issues.push({
        path: story.path,
        message: `${SUCCESS_STORY_QUESTION} must be a required yes/no question shown to every respondent`,
      });
    }
  }
  return issues;
}

export type ContentResult = { ok: true; content: ParsedContent } | { ok: false; issues: DefinitionIssue[] };

/** Parses and checks a version's content: shape by zod, then what spans questions. */
export function parseQuestionnaireContent(kind: QuestionnaireContent['kind'], input: unknown): ContentResult {
  const parsed = questionnaireContent.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })),
    };
  }
  const issues = contentIssues(kind, parsed.data);
  return issues.length ? { ok: false, issues } : { ok: true, content: parsed.data };
}

export interface QuestionnaireDefinition extends QuestionnaireContentInput {
  kind: (typeof QUESTIONNAIRE_KINDS)[number];
  version: number;
}

/**
 * Checks a definition written in code (both languages present, ids unique, conditions sound) and fills its
 * defaults; a broken definition stops the service at start instead of confusing respondents.
 */
export function defineQuestionnaire({
  kind,
  version,
  ...content
}: QuestionnaireDefinition): QuestionnaireRecord {
  const result = parseQuestionnaireContent(kind, content);
  if (!result.ok) {
    const problems = result.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`questionnaire ${kind} v${version} is invalid: ${problems}`);
  }
  return {
    id: questionnaireId(kind, version),
    kind,
    version,
    status: 'published',
    ...result.content,
    revision: 1,
    publishedAt: null,
    retiredAt: null,
  };
}

/** The BCP-47 tags every text of a version is written in (English and Russian always). */
export function languagesOf(q: Pick<QuestionnaireRecord, 'title' | 'description' | 'sections'>): string[] {
  const texts = [
    q.title,
    q.description,
    ...q.sections.flatMap((s) => [
      s.title,
      s.description,
      ...s.questions.flatMap((x) => [
        x.text,
        x.help,
        ...x.options.map((o) => o.label),
        ...x.rows.map((r) => r.label),
        ...x.scaleLabels.map((l) => l.label),
      ]),
    ]),
  ].filter((t) => t != null);
  const locales = Object.keys(q.title).filter((l) => texts.every((t) => t[l]));
  return ['en', 'ru', ...locales.filter((l) => l !== 'en' && l !== 'ru').sort()];
}
