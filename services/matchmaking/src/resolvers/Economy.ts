import type { EconomyResolvers } from '../__generated__/resolvers-types.js';
import { pageSize, requestedId } from '../domain/input.js';

/** Matchmaking's view of an economy: just its code, extended with the workshops it hosts. */
export interface EconomyRef {
  code: string;
}

export const Economy: EconomyResolvers = {
  __resolveReference: (ref) => ({ code: requestedId(ref.code, 'code') }),
  workshops: (economy, { first }, ctx) =>
    ctx.deps.workshopRepository.hostedBy(economy.code, pageSize(first, 50)),
};
