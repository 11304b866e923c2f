import type { MultilingualTextResolvers } from '../__generated__/resolvers-types.js';
import type { Texts } from '../model/cluster.js';

/** The requested locale, else its language, else English, else the first translation stored. */
export function inLocale(texts: Texts, locale?: string | null): string {
  const wanted = locale ?? 'en';
  const language = wanted.split('-')[0] ?? 'en';
  return texts[wanted] ?? texts[language] ?? texts.en ?? Object.values(texts)[0] ?? '';
}

export const MultilingualText: MultilingualTextResolvers = {
  text: (texts, { locale }) => inLocale(texts, locale),
  en: (texts) => texts.en ?? null,
  ru: (texts) => texts.ru ?? null,
  translations: (texts) => Object.entries(texts).map(([locale, text]) => ({ locale, text })),
};
