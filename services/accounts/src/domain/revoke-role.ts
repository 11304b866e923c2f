import { type Actor, invalidStateError, notFoundError } from '@ccp/kit';
import { userRevoked } from '../events/user-events.js';
import { toUserRecord, type UserDocument, type UserRecord } from '../model/user.js';
import type { AccountsDeps } from './deps.js';
import { ATTEMPTS, type GrantInput, parseGrant, sameGrant } from './grant-role.js';

/**
 * Takes a role away from a user (callers check who may). Revoking a role the user does not have changes
 * nothing and emits nothing. The role reaches the user's access token at its next refresh (≤ 15 min).
 */
export async function revokeRole(
  deps: AccountsDeps,
  userId: string,
  grant: GrantInput,
  actor: Actor,
): Promise<UserRecord> {
  const unwanted = parseGrant(grant);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await deps.repository.documentById(userId);
    if (!current) throw notFoundError('User', userId);
    const grants = current.grants ?? [];
    const remaining = grants.filter((g) => !sameGrant(g, unwanted));
    if (remaining.length === grants.length) return toUserRecord(current);
    const next: UserDocument = { ...current, grants: remaining, version: current.version + 1 };
    const event = userRevoked(userId, next.version, unwanted, new Date(), actor);
    deps.validator.assertValid(event);
    const res = await deps.users.updateOne(
      { _id: userId, version: current.version },
      { $set: { grants: remaining, version: next.version, outbox: [...(current.outbox ?? []), event] } },
    );
    if (res.matchedCount === 1) {
      await deps.relay.flush(userId).catch(() => {});
      return toUserRecord(next);
    }
  }
  throw invalidStateError(`User ${userId} kept changing while revoking a role; retry`, { field: 'userId' });
}
