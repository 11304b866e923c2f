import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { assertMayReadUser, callerUserId } from '../domain/read-user.js';

export const Query: QueryResolvers = {
  me: (_, __, ctx) => {
    const id = callerUserId(ctx.caller);
    return id ? ctx.userById.load(id) : null;
  },
  user: (_, { id }, ctx) => {
    assertMayReadUser(ctx.caller, id);
    return ctx.userById.load(id);
  },
};
