/**
 * Languages and per-feature message bundles.
 *
 * Every feature keeps its strings in src/features/<feature>/messages.ts:
 *
 *   export const messages = defineMessages(
 *     { heading: 'Economies', count: '{count} clusters' },
 *     { heading: 'Экономики', count: 'Кластеров: {count}' },
 *   );
 *
 * TypeScript then insists that the Russian bundle has exactly the English keys (a missing or extra key is a
 * compile error), and a component reads the current language's strings with `useMessages(messages)`
 * (src/i18n-react.tsx). Adding a language means adding it to `locales` and a bundle to each defineMessages.
 */
export const locales = ['en', 'ru'] as const;
export type Locale = (typeof locales)[number];

// Each language is named in itself, so a reader finds their own language whatever is selected.
export const localeNames: Record<Locale, string> = { en: 'English', ru: 'Русский' };

export type Bundle<K extends string = string> = Readonly<Record<K, string>>;
export type MessageBundles<K extends string> = Readonly<Record<Locale, Bundle<K>>>;

export function defineMessages<const K extends string>(
  en: Record<K, string>,
  ru: NoInfer<Record<K, string>>,
): MessageBundles<K> {
  return { en, ru };
}

/** Fills `{name}` placeholders: interpolate('As of {date}', { date }) → 'As of 6 December 2026'. */
export function interpolate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** The first supported language among the browser's preferences, e.g. ['ru-RU', 'en'] → 'ru'. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const primary = language.split('-')[0]?.toLowerCase() ?? '';
    if (isLocale(primary)) return primary;
  }
  return 'en';
}

/** Localized numbers and dates for one language (Intl formatters are cached: they are costly to build). */
export interface Formatters {
  number(value: number, options?: Intl.NumberFormatOptions): string;
  percent(fraction: number, maximumFractionDigits?: number): string;
  /** A date or date-time (ISO string, epoch ms or Date); dateStyle 'medium' unless told otherwise. */
  date(value: string | number | Date, options?: Intl.DateTimeFormatOptions): string;
  dateTime(value: string | number | Date, options?: Intl.DateTimeFormatOptions): string;
  compare(a: string, b: string): number;
}

const formatterCache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = formatterCache.get(key);
  if (!formatter) {
    formatter = make();
    formatterCache.set(key, formatter);
  }
  return formatter as T;
}

export function formattersFor(locale: Locale): Formatters {
  const collator = new Intl.Collator(locale);
  const numberFormat = (options: Intl.NumberFormatOptions = {}) =>
    cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
  const dateFormat = (options: Intl.DateTimeFormatOptions) =>
    cached(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
  return {
    number: (value, options) => numberFormat(options).format(value),
    percent: (fraction, maximumFractionDigits = 0) =>
      numberFormat({ style: 'percent', maximumFractionDigits }).format(fraction),
    date: (value, options = { dateStyle: 'medium' }) => dateFormat(options).format(new Date(value)),
    dateTime: (value, options = { dateStyle: 'medium', timeStyle: 'short' }) =>
      dateFormat(options).format(new Date(value)),
    compare: (a, b) => collator.compare(a, b),
  };
}
