import {
  actorOf,
  type Caller,
  type CloudEvent,
  emailDigest,
  invalidStateError,
  requireSignedIn,
  unauthenticatedError,
  validationError,
} from '@ccp/kit';
import { userApiKeyRevoked, userErased, userRevoked } from '../events/user-events.js';
import type { AuditEntryDocument } from '../model/audit-entry.js';
import type { InvitationDocument } from '../model/invitation.js';
import type { RefreshFamilyDocument } from '../model/refresh-family.js';
import { toUserRecord } from '../model/user.js';
import type { AccountsDeps } from './deps.js';
import { ATTEMPTS } from './grant-role.js';
import { verifyPassword } from './password.js';
import { revokeAllSessions } from './sessions.js';

async function signedInUser(deps: AccountsDeps, caller: Caller, action: string) {
  requireSignedIn(caller, action);
  const user = await deps.repository.documentById(caller.subject);
  if (!user) throw unauthenticatedError('Your account no longer exists');
  return user;
}

/** Everything accounts holds about the caller, as JSON: never a password, token or key hash. */
export async function exportMyData(deps: AccountsDeps, caller: Caller): Promise<string> {
  const doc = await signedInUser(deps, caller, 'export your data');
  const user = toUserRecord(doc);
  const [apiKeys, sessions, invitations, audit] = await Promise.all([
    deps.apiKeyRepository.byOwner(user.id),
    deps.families.find({ userId: user.id }).sort({ createdAt: -1 }).lean<RefreshFamilyDocument[]>(),
    deps.invitations.find({ invitedBy: user.id }).sort({ createdAt: -1 }).lean<InvitationDocument[]>(),
    deps.audit.find({ actor: user.id }).sort({ time: -1 }).lean<AuditEntryDocument[]>(),
  ]);
  const data = {
    exportedAt: new Date().toISOString(),
    profile: {
      id: user.id,
      email: user.email,
      name: user.name,
      organization: user.organization,
      locale: user.locale,
      createdAt: user.createdAt.toISOString(),
      emailVerified: user.emailVerified,
    },
    grants: user.grants.map((g) => ({
      role: g.role,
      clusterId: g.clusterId,
      economy: g.economy,
      grantedAt: g.grantedAt.toISOString(),
      grantedBy: g.grantedBy,
    })),
    apiKeys: apiKeys.map((k) => ({
      id: k.id,
      name: k.name,
      role: k.role,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
      limits: k.limits,
    })),
    notificationPreferences: user.notificationPreferences,
    sessions: sessions.map((s) => ({
      id: s._id,
      startedAt: s.createdAt.toISOString(),
      lastRefreshedAt: s.rotatedAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      revokedAt: s.revokedAt?.toISOString() ?? null,
    })),
    invitationsSent: invitations.map((i) => ({
      clusterId: i.clusterId,
      email: i.email,
      createdAt: i.createdAt.toISOString(),
      acceptedAt: i.acceptedAt?.toISOString() ?? null,
    })),
    privilegedActions: audit.map((a) => ({ time: a.time.toISOString(), type: a.type, subject: a.subject })),
  };
  return JSON.stringify(data, null, 2);
}

/**
 * Erases the caller's account, confirmed by their password. The user document stays as a tombstone (its id
 * and `erasedAt`) so references elsewhere do not dangle; the personal fields, roles, sessions, API keys and
 * pending tokens go. The roles' revocations and the erasure leave through the outbox in the same update,
 * and every service holding personal data acts on `ccp.accounts.user.erased.v1`.
 */
export async function deleteMyAccount(
  deps: AccountsDeps,
  caller: Caller,
  password: string,
): Promise<boolean> {
  const confirmed = await signedInUser(deps, caller, 'delete your account');
  const matches =
    password.length <= 1024 && (await verifyPassword(password, confirmed.passwordHash).catch(() => false));
  if (!matches) throw validationError([{ field: 'password', reason: 'is not your current password' }]);
  const actor = actorOf(caller);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await deps.repository.documentById(caller.subject);
    if (!current) return true;
    const erasedAt = new Date();
    let version = current.version;
    const events: CloudEvent[] = (current.grants ?? []).map((g) =>
      userRevoked(current._id, ++version, g, erasedAt, actor),
    );
    // The live keys go with the account, each announced so what it registered goes too (webhook endpoints).
    const liveKeys = (await deps.apiKeyRepository.byOwner(current._id)).filter((k) => !k.revokedAt);
    for (const k of liveKeys) events.push(userApiKeyRevoked(current._id, ++version, k.id, erasedAt, actor));
    const digest = current.email ? emailDigest(current.email, deps.erasureKey) : null;
    events.push(userErased(current._id, digest, ++version, erasedAt, actor));
    for (const event of events) deps.validator.assertValid(event);
    const res = await deps.users.updateOne(
      { _id: current._id, version: current.version },
      {
        $unset: { email: '', name: '', organization: '', passwordHash: '' },
        $set: {
          grants: [],
          notificationPreferences: {},
          emailVerified: false,
          erasedAt,
          version,
          outbox: [...(current.outbox ?? []), ...events],
        },
      },
    );
    if (res.matchedCount !== 1) continue;
    await deps.relay.flush(current._id).catch(() => {});
    await Promise.all([
      revokeAllSessions(deps, current._id, 'erasure'),
      deps.apiKeys.updateMany({ ownerId: current._id, revokedAt: null }, { $set: { revokedAt: erasedAt } }),
      deps.emailTokens.deleteMany({ userId: current._id }),
      deps.loginAttempts.deleteOne({ _id: current.email }),
      deps.invitations.deleteMany({ email: current.email }),
      deps.deliveries.deleteMany({ userId: current._id }),
    ]);
    deps.logger.info({ userId: current._id }, 'account erased');
    return true;
  }
  throw invalidStateError('Your account kept changing while it was being erased; retry');
}
