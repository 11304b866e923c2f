import { isEconomyCode, isSpecializationCode, plainText } from '@ccp/kit';
import { z } from 'zod';

export { expectedVersion, parseInput, requestedId } from '@ccp/kit';

export const LIMITS = { name: 200, short: 2000, long: 10000 } as const;

/** Plain text or markdown (the kit's rule: no HTML tags). */
export const text = plainText;

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

/** Drops absent translations so documents and events carry only the languages given. */
export function compactNames(name: z.output<typeof clusterNames>): Record<string, string> {
  return Object.fromEntries(Object.entries(name).filter(([, value]) => value != null)) as Record<
    string,
    string
  >;
}
