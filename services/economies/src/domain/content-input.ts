import { isEconomyCode, plainText } from '@ccp/kit';
import { z } from 'zod';

export { expectedVersion, isSpecializationCode, parseInput, requestedId } from '@ccp/kit';

/** A text in several languages keyed by BCP-47 tag; `en` is always there. */
export type Texts = Record<string, string>;

/** Plain text or markdown (the kit's rule: no HTML tags, as in the registry). */
export const text = plainText;

/** An optional text: absent, null and blank all mean "none". */
export const optionalText = (max: number) =>
  z
    .string()
    .nullish()
    .transform((s) => (s?.trim() ? s : null))
    .pipe(text(max).nullable());

/** A BCP-47 language tag, canonicalized (`zh-hant` → `zh-Hant`); Intl knows the grammar, no regex of ours. */
export const languageTag = z
  .string()
  .trim()
  .max(35, 'must be at most 35 characters')
  .transform((tag, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical) return canonical;
    } catch {
      // Reported below.
    }
    ctx.addIssue({ code: 'custom', message: 'must be a BCP-47 language tag (e.g. en, ru, zh-Hans)' });
    return z.NEVER;
  });

/** Only web links: `javascript:`, `data:` and the like are refused, so a link rendered anywhere is safe to follow. */
export const webLink = z
  .string()
  .trim()
  .max(500, 'must be at most 500 characters')
  .refine((s) => {
    if (/\s/.test(s)) return false;
    try {
      const url = new URL(s);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http or https URL');

export const optionalLink = z
  .string()
  .nullish()
  .transform((s) => (s?.trim() ? s : null))
  .pipe(webLink.nullable());

/** At most this many languages per text: the page stays small enough for one document and one event. */
export const MAX_LANGUAGES = 8;

/** `{en, ru?, other?: [{locale, text}]}` → `{en, ru, <tag>: text}`; the same shape the registry's texts take. */
export const multilingualText = (max: number) =>
  z
    .object({
      en: text(max),
      ru: optionalText(max),
      other: z
        .array(z.object({ locale: languageTag, text: text(max) }))
        .max(MAX_LANGUAGES - 2, `at most ${MAX_LANGUAGES - 2} other languages`)
        .nullish(),
    })
    .superRefine((t, ctx) => {
      const seen = new Set(['en', 'ru']);
      (t.other ?? []).forEach((o, i) => {
        if (seen.has(o.locale)) {
          ctx.addIssue({
            code: 'custom',
            path: ['other', i, 'locale'],
            message: `${o.locale} is given twice`,
          });
        }
        seen.add(o.locale);
      });
    })
    .transform((t): Texts => {
      const out: Texts = { en: t.en };
      if (t.ru) out.ru = t.ru;
      for (const o of t.other ?? []) out[o.locale] = o.text;
      return out;
    });

export const economyCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(isEconomyCode, { message: 'is not one of the 21 APEC economy codes (ISO 3166-1 alpha-2)' });

/** The requested locale, else its language, else English, else the first translation stored. */
export function inLocale(texts: Texts, locale?: string | null): string {
  const wanted = locale ?? 'en';
  const language = wanted.split('-')[0] ?? 'en';
  return texts[wanted] ?? texts[language] ?? texts.en ?? Object.values(texts)[0] ?? '';
}
