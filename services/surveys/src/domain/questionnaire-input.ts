import type { FieldProblem } from '@ccp/kit';
import type { ConditionRecord } from '../model/questionnaire.js';

/** A text as the graph takes it: English and Russian, and further languages by BCP-47 tag. */
interface TextInput {
  en: string;
  ru: string;
  other?: { locale: string; text: string }[] | null;
}

interface ConditionInput {
  op: string;
  questionId?: string | null;
  row?: string | null;
  value?: string | null;
  conditions?: ConditionInput[] | null;
}

type Path = (string | number)[];

const kebab = (value: string | null | undefined) =>
  value == null ? value : value.toLowerCase().replaceAll('_', '-');

function text(input: TextInput | null | undefined): Record<string, string> | null | undefined {
  if (input == null) return input;
  const texts: Record<string, string> = { en: input.en, ru: input.ru };
  for (const t of input.other ?? []) texts[t.locale] = t.text;
  return texts;
}

/**
 * Turns a definition as the graph takes it (enum names, texts with `other` languages, condition values as JSON)
 * into the form definitions are checked in; a condition value that is not JSON is named by its path.
 */
export function definitionFromGraph(
  input: unknown,
  prefix: string,
): { definition: unknown; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];

  const condition = (
    c: ConditionInput | null | undefined,
    path: Path,
  ): ConditionRecord | null | undefined => {
    if (c == null) return c;
    let value: ConditionRecord['value'];
    if (c.value != null) {
      try {
        value = JSON.parse(c.value);
      } catch {
        problems.push({
          field: [prefix, ...path, 'value'].join('.'),
          reason: 'must be JSON, e.g. "option", 3, true or ["a","b"]',
        });
      }
    }
    return {
      op: kebab(c.op) as ConditionRecord['op'],
      questionId: c.questionId ?? null,
      row: c.row ?? null,
      value: value ?? null,
      ...(c.conditions
        ? {
            conditions: c.conditions.map(
              (x, i) => condition(x, [...path, 'conditions', i]) as ConditionRecord,
            ),
          }
        : {}),
    };
  };

  const option = (o: { value: string; label: TextInput; exclusive?: boolean | null }) => ({
    value: o.value,
    label: text(o.label),
    exclusive: o.exclusive ?? false,
  });

  const d = input as {
    title: TextInput;
    description?: TextInput | null;
    sections: {
      id: string;
      title: TextInput;
      description?: TextInput | null;
      showIf?: ConditionInput | null;
      questions: (Record<string, unknown> & {
        type: string;
        text: TextInput;
        help?: TextInput | null;
        options?: { value: string; label: TextInput; exclusive?: boolean | null }[] | null;
        rows?: { value: string; label: TextInput }[] | null;
        scaleLabels?: { value: number; label: TextInput }[] | null;
        economyScope?: string | null;
        format?: string | null;
        showIf?: ConditionInput | null;
      })[];
    }[];
  };
  // Not the graph's shape (a direct call): the definition's own checks name what is wrong.
  if (!d || typeof d !== 'object' || !Array.isArray(d.sections)) return { definition: input, problems };
  const definition = {
    title: text(d.title),
    description: text(d.description),
    sections: d.sections.map((s, i) => ({
      id: s.id,
      title: text(s.title),
      description: text(s.description),
      showIf: condition(s.showIf, ['sections', i, 'showIf']),
      questions: s.questions.map((q, j) => ({
        ...Object.fromEntries(Object.entries(q).filter(([, v]) => v != null)),
        type: kebab(q.type),
        text: text(q.text),
        help: text(q.help),
        options: (q.options ?? []).map(option),
        rows: (q.rows ?? []).map(option),
        scaleLabels: (q.scaleLabels ?? []).map((l) => ({ value: l.value, label: text(l.label) })),
        economyScope: kebab(q.economyScope),
        format: kebab(q.format),
        showIf: condition(q.showIf, ['sections', i, 'questions', j, 'showIf']),
      })),
    })),
  };
  return { definition, problems };
}
