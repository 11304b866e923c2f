import type {
  CooperationOfferCloseReason,
  CooperationOfferKind,
  CooperationOfferResolvers,
  CooperationOfferStatus,
  OfferInterestResolvers,
} from '../__generated__/resolvers-types.js';
import type { OfferInterestRecord } from '../domain/express-offer-interest.js';
import { requestedId } from '../domain/input.js';
import { effectiveState, offerPrivilege } from '../domain/offer-change.js';
import type { CooperationOfferRecord, LocalizedText } from '../model/cooperation-offer.js';

const localized = (t: LocalizedText) => ({ en: t.en, ru: t.ru ?? null });

const interestsOf = (offer: CooperationOfferRecord): OfferInterestRecord[] =>
  offer.interests.map((i) => ({ ...i, offerId: offer.id })).reverse();

export const CooperationOffer: CooperationOfferResolvers = {
  __resolveReference: (ref, ctx) => ctx.offerById.load(requestedId(ref.id, 'id')),
  kind: (offer) => offer.kind.toUpperCase() as CooperationOfferKind,
  title: (offer) => localized(offer.title),
  description: (offer) => localized(offer.description),
  status: (offer) => effectiveState(offer).status.toUpperCase() as CooperationOfferStatus,
  closeReason: (offer) =>
    (effectiveState(offer).closeReason?.toUpperCase() as CooperationOfferCloseReason | undefined) ?? null,
  closedAt: (offer) => effectiveState(offer).closedAt?.toISOString() ?? null,
  cluster: (offer) => ({ id: offer.clusterId }),
  economyCode: (offer) => offer.economy,
  createdAt: (offer) => offer.createdAt.toISOString(),
  updatedAt: (offer) => offer.updatedAt?.toISOString() ?? null,
  soughtPartner: (offer) =>
    offer.soughtPartner
      ? {
          description: offer.soughtPartner.description ? localized(offer.soughtPartner.description) : null,
          memberTypes: offer.soughtPartner.memberTypes,
          specializations: offer.soughtPartner.specializations,
        }
      : null,
  followerCount: (offer) => offer.followers.length,
  followedByMe: (offer, _, ctx) => ctx.caller.kind === 'user' && offer.followers.includes(ctx.caller.subject),
  interestCount: (offer) => offer.interests.length,
  // Others' messages are for the offering side only; anyone else reads null, which reveals nothing.
  interests: (offer, _, ctx) => (offerPrivilege(ctx.caller, offer) ? interestsOf(offer) : null),
  myInterest: (offer, _, ctx) =>
    ctx.caller.kind === 'user'
      ? (interestsOf(offer).find((i) => i.userId === ctx.caller.subject) ?? null)
      : null,
};

export const OfferInterest: OfferInterestResolvers = {
  offer: async (interest, _, ctx) => {
    const offer = await ctx.offerById.load(interest.offerId);
    if (!offer) throw new Error(`cooperation offer ${interest.offerId} of interest ${interest.id} is gone`);
    return offer;
  },
  fromCluster: (interest) => (interest.fromClusterId ? { id: interest.fromClusterId } : null),
  createdAt: (interest) => interest.createdAt.toISOString(),
};
