import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { registerUser } from '../domain/register-user.js';

export const Mutation: MutationResolvers = {
  registerUser: (_, { input }, ctx) => registerUser(ctx.deps, input),
};
