import { toUserRecord } from '../model/user.js';
import { AuthFailure } from './auth-failure.js';
import type { AccountsDeps } from './deps.js';
import { hashPassword, needsRehash, verifyPassword } from './password.js';
import { type SessionTokens, startSession } from './sessions.js';

/** Failures in a row before an address is locked; the lock starts at a minute and doubles up to an hour. */
export const FAILURES_BEFORE_LOCK = 5;
const FIRST_LOCK_SECONDS = 60;
const MAX_LOCK_SECONDS = 60 * 60;
// After a quiet day the count starts again, so old typos never add up to a lock.
const FAILURES_FORGOTTEN_AFTER_MS = 24 * 60 * 60 * 1000;

export const lockSeconds = (failures: number) =>
  failures < FAILURES_BEFORE_LOCK
    ? 0
    : Math.min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** (failures - FAILURES_BEFORE_LOCK));

const invalidCredentials = () =>
  new AuthFailure(401, 'INVALID_CREDENTIALS', 'The e-mail address or the password is wrong');

async function recordFailure(deps: AccountsDeps, email: string, now: Date): Promise<void> {
  const attempt = await deps.loginAttempts
    .findOneAndUpdate(
      { _id: email },
      { $inc: { failures: 1 }, $set: { lastFailureAt: now } },
      { upsert: true, returnDocument: 'after' },
    )
    .lean();
  const seconds = lockSeconds(attempt?.failures ?? 0);
  if (seconds > 0) {
    await deps.loginAttempts.updateOne(
      { _id: email },
      { $set: { lockedUntil: new Date(now.getTime() + seconds * 1000) } },
    );
  }
}

/**
 * Checks an e-mail and password and starts a session. Unknown addresses cost the same scrypt work and get
 * the same answer as wrong passwords; repeated failures lock the address (known or not) for a while.
 */
export async function login(
  deps: AccountsDeps,
  input: { email: string; password: string },
  now = new Date(),
): Promise<SessionTokens> {
  const email = input.email.trim().toLowerCase();
  const attempt = await deps.loginAttempts.findById(email).lean();
  if (attempt?.lockedUntil && attempt.lockedUntil.getTime() > now.getTime()) {
    const retryAfterSeconds = Math.ceil((attempt.lockedUntil.getTime() - now.getTime()) / 1000);
    throw new AuthFailure(
      429,
      'LOGIN_LOCKED',
      `Too many failed sign-ins for this address: try again in ${retryAfterSeconds} s`,
      retryAfterSeconds,
    );
  }
  if (attempt && now.getTime() - attempt.lastFailureAt.getTime() > FAILURES_FORGOTTEN_AFTER_MS) {
    await deps.loginAttempts.deleteOne({ _id: email, lastFailureAt: attempt.lastFailureAt });
  }
  const user = await deps.repository.documentByEmail(email);
  const stored = user?.passwordHash ?? (await deps.dummyPasswordHash());
  const matches = await verifyPassword(input.password, stored).catch(() => false);
  if (!user || !matches) {
    await recordFailure(deps, email, now);
    throw invalidCredentials();
  }
  if (attempt) await deps.loginAttempts.deleteOne({ _id: email });
  if (needsRehash(user.passwordHash)) {
    await deps.users.updateOne(
      { _id: user._id },
      { $set: { passwordHash: await hashPassword(input.password) } },
    );
  }
  return startSession(deps, toUserRecord(user), now);
}
