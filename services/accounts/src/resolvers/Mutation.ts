import type { MutationResolvers, Role } from '../__generated__/resolvers-types.js';
import { appointCoordinator } from '../domain/appoint-coordinator.js';
import { createApiKey } from '../domain/create-api-key.js';
import { grantClusterManager } from '../domain/grant-cluster-manager.js';
import { inviteCoManager } from '../domain/invite-co-manager.js';
import { setNotificationPreference, unsubscribe } from '../domain/notification-preferences.js';
import { requestPasswordReset, resetPassword } from '../domain/password-reset.js';
import { deleteMyAccount } from '../domain/personal-data.js';
import { registerUser } from '../domain/register-user.js';
import { revokeApiKey } from '../domain/revoke-api-key.js';
import { revokeGrant } from '../domain/revoke-grant.js';
import { setApiKeyLimits } from '../domain/set-api-key-limits.js';
import { resendVerificationEmail, verifyEmail } from '../domain/verify-email.js';
import type { Role as StoredRole } from '../model/user.js';

const storedRole = (role: Role) => role.toLowerCase().replace(/_/g, '-') as StoredRole;

// Registration, e-mail verification, password reset and unsubscribing are open to anyone: the e-mailed token
// (or the password being set for a new account) is the credential. Every other mutation checks its caller.
export const Mutation: MutationResolvers = {
  registerUser: (_, { input }, ctx) => registerUser(ctx.deps, input),
  verifyEmail: (_, { token }, ctx) => verifyEmail(ctx.deps, token),
  resendVerificationEmail: (_, __, ctx) => resendVerificationEmail(ctx.deps, ctx.caller),
  requestPasswordReset: (_, { email }, ctx) => requestPasswordReset(ctx.deps, email),
  resetPassword: (_, { token, newPassword }, ctx) => resetPassword(ctx.deps, token, newPassword),
  appointCoordinator: (_, args, ctx) => appointCoordinator(ctx.deps, ctx.caller, args),
  grantClusterManager: (_, args, ctx) => grantClusterManager(ctx.deps, ctx.caller, args),
  inviteCoManager: (_, args, ctx) => inviteCoManager(ctx.deps, ctx.caller, args),
  revokeGrant: (_, { userId, role, clusterId, economy }, ctx) =>
    revokeGrant(ctx.deps, ctx.caller, { userId, role: storedRole(role), clusterId, economy }),
  createApiKey: (_, { input }, ctx) =>
    createApiKey(ctx.deps, ctx.caller, { name: input.name, role: input.role.toLowerCase() }),
  setApiKeyLimits: (_, { id, limits }, ctx) => setApiKeyLimits(ctx.deps, ctx.caller, id, limits),
  revokeApiKey: (_, { id }, ctx) => revokeApiKey(ctx.deps, ctx.caller, id),
  setNotificationPreference: (_, { kind, enabled }, ctx) =>
    setNotificationPreference(ctx.deps, ctx.caller, kind, enabled),
  unsubscribe: (_, { token }, ctx) => unsubscribe(ctx.deps, token),
  deleteMyAccount: (_, { password }, ctx) => deleteMyAccount(ctx.deps, ctx.caller, password),
};
