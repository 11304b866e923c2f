import type { LocalizedText, QuestionnaireRecord } from '../model/questionnaire.js';

export interface QuestionnaireMessage {
  key: string;
  text: string;
  locale: string;
}

/** The text in the locale asked for, else its base language, else English (tags compared case-insensitively). */
export function pick(text: LocalizedText, locale: string): { text: string; locale: string } {
  const tags = Object.keys(text).filter((t) => text[t]);
  const wanted = locale.toLowerCase();
  const base = wanted.split('-')[0];
  const found =
    tags.find((t) => t.toLowerCase() === wanted) ??
    tags.find((t) => t.toLowerCase() === base) ??
    tags.find((t) => t.toLowerCase().split('-')[0] === base) ??
    'en';
  return { text: text[found] ?? text.en, locale: found };
}

/** Every text of a version keyed for an i18n library (the keys Questionnaire.messages documents). */
export function questionnaireMessages(q: QuestionnaireRecord, locale: string): QuestionnaireMessage[] {
  const entries: [string, LocalizedText | null][] = [
    ['title', q.title],
    ['description', q.description],
  ];
  for (const s of q.sections) {
    entries.push([`sections.${s.id}.title`, s.title], [`sections.${s.id}.description`, s.description]);
    for (const x of s.questions) {
      const at = `questions.${x.id}`;
      entries.push([`${at}.text`, x.text], [`${at}.help`, x.help]);
      for (const o of x.options) entries.push([`${at}.options.${o.value}`, o.label]);
      for (const r of x.rows) entries.push([`${at}.rows.${r.value}`, r.label]);
      for (const l of x.scaleLabels) entries.push([`${at}.scale.${l.value}`, l.label]);
    }
  }
  return entries.flatMap(([key, text]) => (text ? [{ key, ...pick(text, locale) }] : []));
}
