import { MEMBER_TYPES } from '@ccp/kit';
import { z } from 'zod';
import type { ClusterDocument, ClusterProfile, Texts } from '../model/cluster.js';
import { countryCode, LIMITS, text } from './input.js';

/** A BCP-47 language tag such as `en`, `zh-Hans`, `es-419`. */
export const languageTag = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP-47 language tag such as en, ru or zh-Hans')
  .max(35, 'must be at most 35 characters');

/**
 * A MultilingualTextInput `{en, ru, other: [{locale, text}]}` made into the stored `{tag: text}` map. At
 * least one translation; a locale given twice is refused.
 */
export const multilingual = (max: number) =>
  z
    .object({
      en: text(max).nullish(),
      ru: text(max).nullish(),
      other: z
        .array(z.object({ locale: languageTag, text: text(max) }).strict())
        .max(30, 'at most 30 translations')
        .nullish(),
    })
    .strict()
    .superRefine((v, ctx) => {
      const seen = new Set<string>(['en', 'ru'].filter((k) => v[k as 'en' | 'ru'] != null));
      for (const [i, t] of (v.other ?? []).entries()) {
        const key = t.locale.toLowerCase();
        if (seen.has(key))
          ctx.addIssue({ code: 'custom', path: ['other', i, 'locale'], message: 'is given twice' });
        seen.add(key);
      }
      if (seen.size === 0)
        ctx.addIssue({ code: 'custom', path: ['en'], message: 'at least one translation is required' });
    })
    .transform((v): Texts => {
      const out: Texts = {};
      if (v.en != null) out.en = v.en;
      if (v.ru != null) out.ru = v.ru;
      for (const t of v.other ?? []) out[t.locale] = t.text;
      return out;
    });

const httpsUrl = z
  .string()
  .trim()
  .max(LIMITS.short, `must be at most ${LIMITS.short} characters`)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' && u.hostname.includes('.') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'must be an https URL');

const count = z.number().int('must be a whole number').min(0, 'must not be negative');

const year = z
  .number()
  .int('must be a whole number')
  .min(1900, 'must be 1900 or later')
  .refine((y) => y <= new Date().getUTCFullYear(), 'must not be in the future');

export const VISIBILITIES = ['PUBLIC', 'REGISTERED', 'HIDDEN'] as const;

const codes = (max: number) =>
  z
    .array(countryCode)
    .max(max, `at most ${max} codes`)
    .transform((c) => [...new Set(c)]);

/** The optional profile sections, as RegisterClusterInput and UpdateClusterInput name them. */
export const profileSections = {
  statusLabel: multilingual(LIMITS.name),
  mission: multilingual(LIMITS.long),
  keyMembers: z
    .array(
      z
        .object({
          name: text(LIMITS.name),
          type: z.enum(MEMBER_TYPES, `must be one of ${MEMBER_TYPES.join(', ')}`),
          role: text(LIMITS.short).nullish(),
        })
        .strict()
        .transform((m) => ({ name: m.name, type: m.type, role: m.role ?? null })),
    )
    .max(200, 'at most 200 key members'),
  productsAndServices: multilingual(LIMITS.long),
  internationalMemberships: z
    .array(
      z
        .object({ name: text(LIMITS.name), url: httpsUrl.nullish() })
        .strict()
        .transform((m) => ({ name: m.name, url: m.url ?? null })),
    )
    .max(50, 'at most 50 memberships'),
  management: z
    .object({
      name: text(LIMITS.name),
      structure: multilingual(LIMITS.long).nullish(),
      services: multilingual(LIMITS.long).nullish(),
    })
    .strict()
    .transform((m) => ({ name: m.name, structure: m.structure ?? null, services: m.services ?? null })),
  partnershipDestinations: codes(250),
  successStories: z
    .array(
      z
        .object({
          title: multilingual(LIMITS.name),
          summary: multilingual(LIMITS.short).nullish(),
          year: year.nullish(),
          partnerEconomies: codes(50).nullish(),
          international: z.boolean(),
        })
        .strict()
        .transform((s) => ({
          title: s.title,
          summary: s.summary ?? null,
          year: s.year ?? null,
          partnerEconomies: s.partnerEconomies ?? [],
          international: s.international,
        })),
    )
    .max(50, 'at most 50 success stories'),
  contacts: z
    .array(
      z
        .object({
          name: text(LIMITS.name),
          position: text(LIMITS.name).nullish(),
          email: z.email('must be an email address').max(254, 'must be at most 254 characters').nullish(),
          phone: z
            .string()
            .trim()
            .regex(/^\+?[0-9][0-9 ().-]{4,29}$/, 'must be a phone number such as +7 843 123-45-67')
            .nullish(),
          languages: z.array(languageTag).max(20, 'at most 20 languages').nullish(),
          visibility: z.enum(VISIBILITIES, 'must be PUBLIC, REGISTERED or HIDDEN'),
        })
        .strict()
        .transform((c) => ({
          name: c.name,
          position: c.position ?? null,
          email: c.email ?? null,
          phone: c.phone ?? null,
          languages: [...new Set(c.languages ?? [])],
          visibility: c.visibility,
        })),
    )
    .max(20, 'at most 20 contacts'),
  founded: year,
  website: httpsUrl,
  employees: count,
  memberCount: count,
} as const;

export type ProfileSection = keyof typeof profileSections;
export const PROFILE_SECTIONS = Object.keys(profileSections) as ProfileSection[];

/** For registration: every section optional. */
export const profileInput = z.object(
  Object.fromEntries(PROFILE_SECTIONS.map((k) => [k, profileSections[k].nullish()])) as {
    [K in ProfileSection]: z.ZodOptional<z.ZodNullable<(typeof profileSections)[K]>>;
  },
);

/** Every section empty, as a new document starts. */
export function emptyProfile(): ClusterProfile {
  return {
    statusLabel: null,
    mission: null,
    keyMembers: [],
    productsAndServices: null,
    internationalMemberships: [],
    management: null,
    partnershipDestinations: [],
    successStories: [],
    contacts: [],
    founded: null,
    website: null,
    employees: null,
    memberCount: null,
  };
}

/** A section's stored value for a parsed input value (null or absent lists become []). */
export function storedSection<K extends ProfileSection>(key: K, value: unknown): ClusterProfile[K] {
  const empty = emptyProfile()[key];
  return (value ?? empty) as ClusterProfile[K];
}

/** The completeness weights (sum 1), as documented on Cluster.completeness. */
export const COMPLETENESS_WEIGHTS: Record<string, number> = {
  mission: 0.12,
  keyMembers: 0.12,
  management: 0.1,
  successStories: 0.1,
  contacts: 0.1,
  specializations: 0.08,
  productsAndServices: 0.08,
  internationalMemberships: 0.05,
  partnershipDestinations: 0.05,
  location: 0.05,
  website: 0.05,
  memberCount: 0.04,
  founded: 0.03,
  employees: 0.03,
};

const filled = (value: unknown) =>
  value != null &&
  !(Array.isArray(value) && value.length === 0) &&
  !(typeof value === 'string' && value === '');

/** The share of the profile filled, 0–1, rounded to two decimals. */
export function completenessOf(c: Partial<ClusterDocument>): number {
  const doc = c as Record<string, unknown>;
  const sum = Object.entries(COMPLETENESS_WEIGHTS).reduce((acc, [k, w]) => acc + (filled(doc[k]) ? w : 0), 0);
  return Math.round(sum * 100) / 100;
}
