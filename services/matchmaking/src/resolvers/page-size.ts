import { validationError } from '@ccp/kit';
import { MAX_PAGE } from '../domain/input.js';

/** A page size within the cap, or a BAD_USER_INPUT naming `first` (analysts see the limit they hit). */
export function pageSize(first: number | null | undefined, fallback: number): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE) {
    throw validationError([{ field: 'first', reason: `must be between 0 and ${MAX_PAGE}` }]);
  }
  return size;
}
