import { randomUUID } from 'node:crypto';
import type { RefreshFamilyDocument } from '../model/refresh-family.js';
import { toUserRecord, type UserRecord } from '../model/user.js';
import { AuthFailure } from './auth-failure.js';
import type { AccountsDeps } from './deps.js';
import { randomSecret, sameDigest, sha256 } from './secrets.js';

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
// Enough to recognise a stolen token replayed days later; older ones are refused as unknown instead.
const USED_HASHES_KEPT = 500;

/** What login and refresh answer (the gateway keeps the refresh token in an httpOnly cookie). */
export interface SessionTokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: { id: string; email: string; name: string };
}

/** `<family id>.<256-bit secret>`: the id finds the session, the secret (stored as its SHA-256) proves it. */
const REFRESH_TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

const newRefreshToken = (familyId: string) => `${familyId}.${randomSecret()}`;

const invalid = () =>
  new AuthFailure(401, 'REFRESH_TOKEN_INVALID', 'The refresh token is unknown, expired or revoked');

async function answer(
  deps: AccountsDeps,
  user: UserRecord,
  familyId: string,
  refreshToken: string,
  refreshExpiresAt: Date,
  now: Date,
): Promise<SessionTokens> {
  const access = await deps.signer.accessToken(user, familyId, now);
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken,
    refreshTokenExpiresAt: refreshExpiresAt.toISOString(),
    user: { id: user.id, email: user.email, name: user.name },
  };
}

/** Starts a session (a refresh token family) for a user who just proved who they are. */
export async function startSession(
  deps: AccountsDeps,
  user: UserRecord,
  now = new Date(),
): Promise<SessionTokens> {
  const familyId = randomUUID();
  const refreshToken = newRefreshToken(familyId);
  const expiresAt = new Date(now.getTime() + REFRESH_TOKEN_TTL_MS);
  const family: RefreshFamilyDocument = {
    _id: familyId,
    userId: user.id,
    currentHash: sha256(refreshToken),
    usedHashes: [],
    createdAt: now,
    rotatedAt: now,
    expiresAt,
    revokedAt: null,
    revokedReason: null,
    version: 1,
  };
  await deps.families.collection.insertOne(family as never);
  // No TTL indexes on FerretDB: a user's expired sessions go when they sign in again.
  await deps.families.deleteMany({ userId: user.id, expiresAt: { $lt: now } });
  return answer(deps, user, familyId, refreshToken, expiresAt, now);
}

async function findFamily(deps: AccountsDeps, refreshToken: unknown) {
  if (typeof refreshToken !== 'string') return null;
  const match = REFRESH_TOKEN.exec(refreshToken);
  if (!match) return null;
  const family = await deps.families.findById(match[1]).lean<RefreshFamilyDocument>();
  if (!family) return null;
  const hash = sha256(refreshToken);
  const used = (family.usedHashes ?? []).some((h) => sameDigest(h, hash));
  return { family, hash, current: sameDigest(family.currentHash, hash), used };
}

async function revokeFamily(
  deps: AccountsDeps,
  familyId: string,
  reason: RefreshFamilyDocument['revokedReason'],
) {
  await deps.families.updateOne(
    { _id: familyId, revokedAt: null },
    { $set: { revokedAt: new Date(), revokedReason: reason } },
  );
}

/**
 * Exchanges the current refresh token of a session for a new one (rotation) and a fresh access token with
 * the user's grants as they are now. A token that was already exchanged means it was copied: the whole
 * session is revoked, so neither the thief nor the user can go on with it.
 */
export async function refreshSession(
  deps: AccountsDeps,
  refreshToken: unknown,
  now = new Date(),
): Promise<SessionTokens> {
  const found = await findFamily(deps, refreshToken);
  if (!found) throw invalid();
  const { family, hash } = found;
  const reused = () => {
    deps.logger.warn(
      { familyId: family._id, userId: family.userId },
      'refresh token reused: session revoked',
    );
    return new AuthFailure(
      401,
      'REFRESH_TOKEN_REUSED',
      'This refresh token was already used: the session is revoked',
    );
  };
  if (found.used) {
    await revokeFamily(deps, family._id, 'reuse');
    throw reused();
  }
  if (!found.current || family.revokedAt || family.expiresAt.getTime() <= now.getTime()) throw invalid();
  const user = await deps.repository.documentById(family.userId);
  if (!user) {
    await revokeFamily(deps, family._id, 'account-gone');
    throw invalid();
  }
  const next = newRefreshToken(family._id);
  const expiresAt = new Date(now.getTime() + REFRESH_TOKEN_TTL_MS);
  const res = await deps.families.updateOne(
    { _id: family._id, version: family.version, currentHash: family.currentHash, revokedAt: null },
    {
      $set: {
        currentHash: sha256(next),
        usedHashes: [...(family.usedHashes ?? []), hash].slice(-USED_HASHES_KEPT),
        rotatedAt: now,
        expiresAt,
        version: family.version + 1,
      },
    },
  );
  if (res.matchedCount !== 1) {
    // Someone exchanged the same token a moment earlier: that is a reuse too.
    const again = await findFamily(deps, refreshToken);
    if (again?.used) {
      await revokeFamily(deps, family._id, 'reuse');
      throw reused();
    }
    throw invalid();
  }
  return answer(deps, toUserRecord(user), family._id, next, expiresAt, now);
}

/** Ends the session a refresh token belongs to; an unknown token ends nothing (and is no error). */
export async function endSession(deps: AccountsDeps, refreshToken: unknown): Promise<void> {
  const found = await findFamily(deps, refreshToken);
  if (found && (found.current || found.used)) await revokeFamily(deps, found.family._id, 'logout');
}

export async function revokeAllSessions(
  deps: AccountsDeps,
  userId: string,
  reason: RefreshFamilyDocument['revokedReason'],
): Promise<void> {
  await deps.families.updateMany(
    { userId, revokedAt: null },
    { $set: { revokedAt: new Date(), revokedReason: reason } },
  );
}
