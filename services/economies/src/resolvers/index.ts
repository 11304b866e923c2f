import { mergeResolvers } from '@ccp/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Economy } from './Economy.js';
import { economyPageResolvers } from './economy-page.js';
import { KpiFigure } from './KpiFigure.js';
import { Mutation } from './Mutation.js';
import { publicationResolvers } from './publications.js';
import { Query } from './Query.js';
import { reportResolvers } from './report.js';
import { statisticsResolvers } from './statistics.js';

/** Each feature module contributes fields to the shared types; one field is resolved by one module only. */
const features: Resolvers[] = [
  reportResolvers,
  statisticsResolvers,
  economyPageResolvers,
  publicationResolvers,
];

export const resolvers: Resolvers = mergeResolvers<Resolvers>(
  { Query, Mutation, Economy, KpiFigure },
  features,
);
