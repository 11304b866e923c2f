import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { readAuditLog } from '../domain/audit.js';
import { exportMyData } from '../domain/personal-data.js';
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
  exportMyData: (_, __, ctx) => exportMyData(ctx.deps, ctx.caller),
  auditLog: (_, { first, after }, ctx) => readAuditLog(ctx.deps, ctx.caller, { first, after }),
};
