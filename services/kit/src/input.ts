import { z } from 'zod';
import { problemsFromZod, validationError } from './errors.js';

/** Texts are stored as plain text or markdown and rendered safely later: HTML tags are refused outright. */
const MARKUP = /<\s*\/?\s*[a-z!?][^>]*>|<\s*script/i;

/** A trimmed, non-empty text of at most `max` characters, without HTML tags or script. */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !MARKUP.test(s), 'must not contain HTML tags or script (plain text or markdown only)');

/** The version a change expects (optimistic concurrency); absent or null: whatever is current. */
export const expectedVersion = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .nullish();

/** Parses with a schema or throws BAD_USER_INPUT naming each field at fault (under `prefix`, if given). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = problemsFromZod(parsed.error.issues);
    throw validationError(
      prefix
        ? problems.map((p) => ({
            ...p,
            field: p.field && p.field !== 'input' ? `${prefix}.${p.field}` : prefix,
          }))
        : problems,
    );
  }
  return parsed.data;
}

/**
 * An id or code asked for by a query or as a federation entity key. `_entities` representations are `_Any`,
 * so without this an object such as `{"$ne": null}` could reach a MongoDB filter as an operator.
 */
export function requestedId(value: unknown, field: string): string {
  if (typeof value === 'string' && value.trim() !== '' && value.length <= 100) return value.trim();
  throw validationError([{ field, reason: 'must be a non-empty string of at most 100 characters' }]);
}
