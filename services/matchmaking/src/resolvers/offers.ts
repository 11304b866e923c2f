import type { Resolvers } from '../__generated__/resolvers-types.js';
import {
  browseCooperationOffers,
  followedCooperationOffers,
  offersOfCluster,
} from '../domain/browse-cooperation-offers.js';
import { closeCooperationOffer } from '../domain/close-cooperation-offer.js';
import { expressInterest } from '../domain/express-offer-interest.js';
import { followCooperationOffer, unfollowCooperationOffer } from '../domain/follow-cooperation-offer.js';
import { requestedId } from '../domain/input.js';
import { publishCooperationOffer } from '../domain/publish-cooperation-offer.js';
import { updateCooperationOffer } from '../domain/update-cooperation-offer.js';
import { CooperationOffer, OfferInterest } from './CooperationOffer.js';

/** Cooperation offers: browsing, the cluster's list, the lifecycle, follows and interest. */
export const offerResolvers: Resolvers = {
  Query: {
    cooperationOffer: (_, { id }, ctx) => ctx.offerById.load(requestedId(id, 'id')),
    cooperationOffers: (_, args, ctx) => browseCooperationOffers(ctx.deps, args),
    followedCooperationOffers: (_, args, ctx) => followedCooperationOffers(ctx.deps, ctx.caller, args),
  },
  Mutation: {
    publishCooperationOffer: (_, { input }, ctx) => publishCooperationOffer(ctx.deps, ctx.caller, input),
    updateCooperationOffer: (_, { input }, ctx) => updateCooperationOffer(ctx.deps, ctx.caller, input),
    closeCooperationOffer: (_, args, ctx) => closeCooperationOffer(ctx.deps, ctx.caller, args),
    followCooperationOffer: (_, { id }, ctx) => followCooperationOffer(ctx.deps, ctx.caller, id),
    unfollowCooperationOffer: (_, { id }, ctx) => unfollowCooperationOffer(ctx.deps, ctx.caller, id),
    expressInterest: (_, { input }, ctx) => expressInterest(ctx.deps, ctx.caller, input),
  },
  Cluster: {
    cooperationOffers: (cluster, args, ctx) => offersOfCluster(ctx.deps, cluster.id, args),
  },
  CooperationOffer,
  OfferInterest,
};
