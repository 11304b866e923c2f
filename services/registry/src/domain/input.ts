import { isEconomyCode, problemsFromZod, validationError } from '@ccp/kit';
import { z } from 'zod';
import { isSpecializationCode } from './specializations.js';

/** Texts are stored as plain text or markdown and rendered safely later: HTML tags are refused outright. */
const MARKUP = /<\s*\/?\s*[a-z!?][^>]*>|<\s*script/i;

export const LIMITS = { name: 200, short: 2000, long: 10000 } as const;

export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !MARKUP.test(s), 'must not contain HTML tags or script (plain text or markdown only)');

export const clusterNames = z
  .object({ en: text(LIMITS.name), ru: text(LIMITS.name).nullish() })
  .catchall(text(LIMITS.name));

export const economyCode = z
  .string()
  .refine(isEconomyCode, { message: 'is not one of the 21 APEC economy codes (ISO 3166-1 alpha-2)' });

/** Any ISO 3166-1 alpha-2 shaped code, APEC economy or not (partnership destinations, partners). */
export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code (two upper-case letters)');

export const location = z.object({
  lat: z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90'),
  lng: z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180'),
});

export const specializations = z
  .array(
    z
      .string()
      .regex(/^[a-z0-9.-]{1,40}$/, 'must be a specialization code')
      .refine(isSpecializationCode, 'is not a code of the specialization taxonomy (Query.specializations)'),
  )
  .max(20, 'at most 20 specializations');

/** Ids reach MongoDB filters: only a plain string may, never an object carrying operators. */
export const clusterId = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

/**
 * An id or code asked for by a query or as a federation entity key. `_entities` representations are `_Any`,
 * so without this an object such as `{"$ne": null}` could reach a MongoDB filter as an operator.
 */
export function requestedId(value: unknown, field: string): string {
  if (typeof value === 'string' && clusterId.safeParse(value).success) return value;
  throw validationError([{ field, reason: 'must be a non-empty string of at most 100 characters' }]);
}

export const expectedVersion = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .nullish();

/** Parses with a schema or throws BAD_USER_INPUT naming each field at fault. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = problemsFromZod(parsed.error.issues);
    throw validationError(
      prefix ? problems.map((p) => ({ ...p, field: p.field && p.field !== 'input' ? `${prefix}.${p.field}` : prefix })) : problems,
    );
  }
  return parsed.data;
}

/** Drops absent translations so documents and events carry only the languages given. */
export function compactNames(name: z.output<typeof clusterNames>): Record<string, string> {
  return Object.fromEntries(Object.entries(name).filter(([, value]) => value != null)) as Record<
    string,
    string
  >;
}
