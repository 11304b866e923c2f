import { mergeResolvers } from '@ccp/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { claimResolvers } from './claims.js';
import { Cluster } from './Cluster.js';
import { Economy } from './Economy.js';
import { importExportResolvers } from './import-export.js';
import { logoResolvers } from './logo.js';
import { Mutation } from './Mutation.js';
import { MultilingualText } from './MultilingualText.js';
import { Query } from './Query.js';
import { searchResolvers } from './search.js';
import { Specialization } from './Specialization.js';

/** Each feature module contributes fields to the shared types; one field is resolved by one module only. */
const features: Resolvers[] = [searchResolvers, claimResolvers, importExportResolvers, logoResolvers];

export const resolvers: Resolvers = mergeResolvers<Resolvers>(
  { Query, Mutation, Cluster, Economy, MultilingualText, Specialization },
  features,
);
