import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Cluster } from './Cluster.js';
import { Economy } from './Economy.js';
import { Mutation } from './Mutation.js';
import { MultilingualText } from './MultilingualText.js';
import { Query } from './Query.js';
import { Specialization } from './Specialization.js';

export const resolvers: Resolvers = { Query, Mutation, Cluster, Economy, MultilingualText, Specialization };
