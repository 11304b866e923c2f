import type { EconomyResolvers } from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/input.js';

/** Registry's view of an economy: just its code, extended with its clusters (see search.ts). */
export interface EconomyRef {
  code: string;
}

export const Economy: EconomyResolvers = {
  __resolveReference: (ref) => ({ code: requestedId(ref.code, 'code') }),
};
