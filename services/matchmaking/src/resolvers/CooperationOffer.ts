import type {
  CooperationOfferKind,
  CooperationOfferResolvers,
  CooperationOfferStatus,
} from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/input.js';

export const CooperationOffer: CooperationOfferResolvers = {
  __resolveReference: (ref, ctx) => ctx.offerById.load(requestedId(ref.id, 'id')),
  kind: (offer) => offer.kind.toUpperCase() as CooperationOfferKind,
  title: (offer) => ({ en: offer.title.en, ru: offer.title.ru ?? null }),
  description: (offer) => ({ en: offer.description.en, ru: offer.description.ru ?? null }),
  status: (offer) => offer.status.toUpperCase() as CooperationOfferStatus,
  cluster: (offer) => ({ id: offer.clusterId }),
  economyCode: (offer) => offer.economy,
  createdAt: (offer) => offer.createdAt.toISOString(),
};
