import { isEconomyCode, validationError } from '@ccp/kit';
import { z } from 'zod';

export const MAX_PAGE = 200;

export const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const localizedText = (max: number) => z.object({ en: text(max), ru: text(max).nullish() });

/** Drops an absent translation so documents and events carry only the languages given. */
export function compactLocalized(value: { en: string; ru?: string | null }): { en: string; ru?: string } {
  return value.ru ? { en: value.en, ru: value.ru } : { en: value.en };
}

export const economyCode = z
  .string()
  .refine(isEconomyCode, { message: 'is not one of the 21 APEC economy codes (ISO 3166-1 alpha-2)' });

export const specializationCode = z.string().regex(/^[A-Za-z0-9.-]{1,32}$/, 'must be a specialization code');

export const clusterId = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

/**
 * An id or code asked for as a federation entity key. `_entities` representations are `_Any`, so without
 * this an object such as `{"$ne": null}` could reach a MongoDB filter as an operator.
 */
export function requestedId(value: unknown, field: string): string {
  if (typeof value === 'string' && clusterId.safeParse(value).success) return value;
  throw validationError([{ field, reason: 'must be a non-empty string of at most 100 characters' }]);
}

/** A page size within the cap, or a BAD_USER_INPUT naming `first` (analysts see the limit they hit). */
export function pageSize(first: number | null | undefined, fallback: number): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE) {
    throw validationError([{ field: 'first', reason: `must be between 0 and ${MAX_PAGE}` }]);
  }
  return size;
}
