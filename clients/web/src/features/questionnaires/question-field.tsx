import { type ReactNode, useId, useState } from 'react';
import { interpolate, type Locale } from '../../i18n';
import type { AnswerValue, Question } from './answers';
import { economyChoices, economyName } from './economies';
import type { Messages } from './messages';

/** A LocalizedText in the reader's language, English when it has no translation. */
export const localized = (text: { en: string; ru?: string | null }, locale: Locale) =>
  (locale === 'ru' ? text.ru : undefined) || text.en;

export interface QuestionFieldProps {
  question: Question;
  value: AnswerValue | undefined;
  onChange: (value: AnswerValue | undefined) => void;
  /** The server's problem with this answer. */
  error?: string;
  locale: Locale;
  t: Messages;
}

/** What the question asks beyond its type: bounds, lengths, how many to choose, and its own help. */
function hints(question: Question, locale: Locale, t: Messages): string[] {
  const { min, max } = question;
  const out: string[] = [];
  if (question.help) out.push(localized(question.help, locale));
  if (question.type === 'NUMBER') {
    if (min != null && max != null) out.push(interpolate(t.range, { min, max }));
    else if (min != null) out.push(interpolate(t.atLeast, { min }));
    else if (max != null) out.push(interpolate(t.atMost, { max }));
    if (question.integer) out.push(t.wholeNumber);
  }
  if (question.type === 'TEXT') {
    if (question.format === 'EMAIL') out.push(t.email);
    if (question.maxLength != null) out.push(interpolate(t.maxLength, { max: question.maxLength }));
  }
  if (question.minSelections != null && question.minSelections > 1)
    out.push(interpolate(t.chooseAtLeast, { min: question.minSelections }));
  if (question.maxSelections != null) out.push(interpolate(t.chooseUpTo, { max: question.maxSelections }));
  if (question.personal) out.push(t.personal);
  return out;
}

/**
 * One question of a questionnaire, labelled by its text: a single control (text, number, one economy) under a
 * label, or a group (choices, yes/no, scale, matrix, several economies) under a legend. Hints and the server's
 * problem are tied to the control(s) with aria-describedby; the container carries `data-question` so the form
 * can move focus to the first question at fault.
 */
export function QuestionField({ question, value, onChange, error, locale, t }: QuestionFieldProps) {
  const id = useId();
  const notes = hints(question, locale, t);
  const hintId = notes.length ? `${id}-hint` : '';
  const errorId = error ? `${id}-error` : '';
  const described = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const control = {
    'aria-describedby': described,
    'aria-invalid': error ? true : undefined,
  } as const;
  const label = (
    <>
      {localized(question.text, locale)}
      {question.required ? <span className="question__required"> ({t.required})</span> : null}
    </>
  );
  const footer = (
    <>
      {notes.length ? (
        <p id={hintId} className="field__hint">
          {notes.join(' ')}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
  const single = (input: ReactNode) => (
    <div className="question" data-question={question.id}>
      <label htmlFor={id}>{label}</label>
      {input}
      {footer}
    </div>
  );
  const group = (children: ReactNode, role?: 'radiogroup') => (
    <fieldset
      className="question question--group"
      data-question={question.id}
      role={role}
      aria-describedby={described}
    >
      <legend>{label}</legend>
      {children}
      {footer}
    </fieldset>
  );
  const name = `${id}-choice`;
  const radios = (options: { value: AnswerValue; label: string }[]) =>
    group(
      <div className="question__options">
        {options.map((o) => (
          <label key={String(o.value)} className="question__option">
            <input
              type="radio"
              name={name}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              aria-invalid={control['aria-invalid']}
            />{' '}
            {o.label}
          </label>
        ))}
      </div>,
      'radiogroup',
    );

  switch (question.type) {
    case 'TEXT': {
      const long = question.maxLength == null || question.maxLength > 200;
      const common = {
        id,
        ...control,
        'aria-required': question.required || undefined,
        maxLength: question.maxLength ?? 4000,
        value: typeof value === 'string' ? value : '',
        onChange: (e: { target: { value: string } }) => onChange(e.target.value),
      };
      return single(
        long ? (
          <textarea rows={4} {...common} />
        ) : (
          <input type={question.format === 'EMAIL' ? 'email' : 'text'} {...common} />
        ),
      );
    }
    case 'NUMBER':
      return single(
        <input
          id={id}
          {...control}
          aria-required={question.required || undefined}
          inputMode={question.integer ? 'numeric' : 'decimal'}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.target.value)}
        />,
      );
    case 'YES_NO':
      return radios([
        { value: true, label: t.yes },
        { value: false, label: t.no },
      ]);
    case 'SINGLE_CHOICE':
      return radios(question.options.map((o) => ({ value: o.value, label: localized(o.label, locale) })));
    case 'SCALE': {
      const points: { value: number; label: string }[] = [];
      for (let p = question.min ?? 1; p <= (question.max ?? 5); p += 1) {
        const named = question.scaleLabels.find((s) => s.value === p);
        points.push({ value: p, label: named ? `${p} — ${localized(named.label, locale)}` : String(p) });
      }
      return radios(points);
    }
    case 'MULTIPLE_CHOICE': {
      const chosen = Array.isArray(value) ? value : [];
      const toggle = (option: Question['options'][number], on: boolean) => {
        const exclusive = new Set(question.options.filter((o) => o.exclusive).map((o) => o.value));
        const next = on
          ? [...(option.exclusive ? [] : chosen.filter((v) => !exclusive.has(v))), option.value]
          : chosen.filter((v) => v !== option.value);
        onChange(
          next.length ? question.options.map((o) => o.value).filter((v) => next.includes(v)) : undefined,
        );
      };
      return group(
        <div className="question__options">
          {question.options.map((o) => (
            <label key={o.value} className="question__option">
              <input
                type="checkbox"
                checked={chosen.includes(o.value)}
                onChange={(e) => toggle(o, e.target.checked)}
                aria-invalid={control['aria-invalid']}
              />{' '}
              {localized(o.label, locale)}
              {o.exclusive ? <span className="muted"> {t.exclusive}</span> : null}
            </label>
          ))}
        </div>,
      );
    }
    case 'MATRIX': {
      const answer = value && typeof value === 'object' && !Array.isArray(value) ? value : {};
      const setRow = (row: string, column: string) => {
        const next: Record<string, string> = {};
        for (const r of question.rows) {
          const v = r.value === row ? column : answer[r.value];
          if (v) next[r.value] = v;
        }
        onChange(Object.keys(next).length ? next : undefined);
      };
      return group(
        <div className="question__matrix">
          {question.rows.map((r) => (
            <LabelledSelect
              key={r.value}
              label={localized(r.label, locale)}
              value={answer[r.value] ?? ''}
              options={[
                { value: '', label: t.noAnswer },
                ...question.options.map((o) => ({ value: o.value, label: localized(o.label, locale) })),
              ]}
              onChange={(column) => setRow(r.value, column)}
              invalid={!!error}
            />
          ))}
        </div>,
      );
    }
    case 'ECONOMY': {
      const choices = economyChoices(question.economyScope ?? 'APEC', locale);
      if (!question.multiple) {
        return single(
          <select
            id={id}
            {...control}
            aria-required={question.required || undefined}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => onChange(e.target.value || undefined)}
          >
            <option value="">{t.noAnswer}</option>
            {choices.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>,
        );
      }
      return group(
        <EconomyPicker
          choices={choices}
          chosen={Array.isArray(value) ? value : []}
          onChange={(codes) => onChange(codes.length ? [...codes].sort() : undefined)}
          invalid={!!error}
          searchable={question.economyScope === 'ANY'}
          locale={locale}
          t={t}
        />,
      );
    }
  }
}

/** A select under its label: a matrix row's column, or a results filter ('' is the first option's value). */
export function LabelledSelect({
  label,
  value,
  options,
  onChange,
  invalid,
  className = 'question__row',
}: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  invalid?: boolean;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid || undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Several economies: a checkbox each (APEC's 21), with a search box over the long list of any country. */
function EconomyPicker({
  choices,
  chosen,
  onChange,
  invalid,
  searchable,
  locale,
  t,
}: {
  choices: { code: string; name: string }[];
  chosen: string[];
  onChange: (codes: string[]) => void;
  invalid: boolean;
  searchable: boolean;
  locale: Locale;
  t: Messages;
}) {
  const [find, setFind] = useState('');
  const searchId = useId();
  const needle = find.trim().toLocaleLowerCase(locale);
  const shown = needle
    ? choices.filter((c) => chosen.includes(c.code) || c.name.toLocaleLowerCase(locale).includes(needle))
    : choices;
  return (
    <>
      {searchable ? (
        <div className="question__find">
          <label htmlFor={searchId}>{t.findEconomy}</label>
          <input id={searchId} type="search" value={find} onChange={(e) => setFind(e.target.value)} />
        </div>
      ) : null}
      {chosen.length ? (
        <p className="muted">
          {interpolate(t.chosen, { list: chosen.map((c) => economyName(c, locale)).join(', ') })}
        </p>
      ) : null}
      <div className={searchable ? 'question__options question__options--scroll' : 'question__options'}>
        {shown.map((c) => (
          <label key={c.code} className="question__option">
            <input
              type="checkbox"
              checked={chosen.includes(c.code)}
              onChange={(e) =>
                onChange(e.target.checked ? [...chosen, c.code] : chosen.filter((code) => code !== c.code))
              }
              aria-invalid={invalid || undefined}
            />{' '}
            {c.name}
          </label>
        ))}
      </div>
    </>
  );
}

/** An answer written out for reading (a submitted response). */
export function answerText(question: Question, value: AnswerValue, locale: Locale, t: Messages): string {
  const option = (v: string) => {
    const found = question.options.find((o) => o.value === v);
    return found ? localized(found.label, locale) : v;
  };
  switch (question.type) {
    case 'YES_NO':
      return value === true ? t.yes : t.no;
    case 'SINGLE_CHOICE':
      return option(String(value));
    case 'MULTIPLE_CHOICE':
      return (Array.isArray(value) ? value : [String(value)]).map(option).join(', ');
    case 'ECONOMY':
      return (Array.isArray(value) ? value : [String(value)]).map((c) => economyName(c, locale)).join(', ');
    case 'MATRIX':
      return question.rows
        .filter((r) => typeof value === 'object' && !Array.isArray(value) && r.value in value)
        .map(
          (r) => `${localized(r.label, locale)}: ${option((value as Record<string, string>)[r.value] ?? '')}`,
        )
        .join('; ');
    default:
      return String(value);
  }
}
