import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Economy } from './Economy.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { Query, Economy };
