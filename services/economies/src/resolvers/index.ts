import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Economy } from './Economy.js';
import { KpiFigure } from './KpiFigure.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { Query, Mutation, Economy, KpiFigure };
