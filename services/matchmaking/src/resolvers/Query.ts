import { validationError } from '@ccp/kit';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { decodeOfferCursor, type OfferKind, type OfferStatus } from '../model/cooperation-offer.js';
import { pageSize } from '../domain/input.js';

export const Query: QueryResolvers = {
  cooperationOffer: (_, { id }, ctx) => ctx.offerById.load(id),
  cooperationOffers: async (_, { filter, first, after }, ctx) => {
    const size = pageSize(first, 50);
    const cursor = after ? decodeOfferCursor(after) : undefined;
    if (cursor === null)
      throw validationError([{ field: 'after', reason: 'is not a cursor this query returned' }]);
    return ctx.deps.offerRepository.page(
      {
        kinds: filter?.kinds?.map((k) => k.toLowerCase() as OfferKind),
        economies: filter?.economies ?? undefined,
        sectors: filter?.sectors ?? undefined,
        status: (filter?.status ?? 'OPEN').toLowerCase() as OfferStatus,
      },
      size,
      cursor,
    );
  },
  matchRequest: (_, { id }, ctx) => ctx.matchRequestById.load(id),
  workshop: (_, { id }, ctx) => ctx.workshopById.load(id),
};
