import { type Caller, requireSignedIn, unauthenticatedError, validationError } from '@ccp/kit';
import type { NotificationPreferenceRecord } from '../model/user.js';
import { MANDATORY_KINDS, NOTIFICATION_KIND } from '../notifications/notifier.js';
import type { AccountsDeps } from './deps.js';

function checkKind(kind: string): void {
  if (!NOTIFICATION_KIND.test(kind)) {
    throw validationError([
      { field: 'kind', reason: 'must be lower-case letters, digits and dashes (at most 64)' },
    ]);
  }
  if (MANDATORY_KINDS.has(kind)) {
    throw validationError([
      { field: 'kind', reason: `${kind} e-mails keep the account safe and cannot be switched off` },
    ]);
  }
}

async function setPreference(deps: AccountsDeps, userId: string, kind: string, enabled: boolean) {
  // One field of its own per kind: no read-modify-write, so no version guard is needed.
  const res = await deps.users.updateOne(
    { _id: userId, erasedAt: null },
    { $set: { [`notificationPreferences.${kind}`]: enabled } },
  );
  return res.matchedCount === 1;
}

/** A signed-in user switches one kind of notification on or off for themself. */
export async function setNotificationPreference(
  deps: AccountsDeps,
  caller: Caller,
  kind: string,
  enabled: boolean,
): Promise<NotificationPreferenceRecord> {
  requireSignedIn(caller, 'choose your notifications');
  checkKind(kind);
  if (!(await setPreference(deps, caller.subject, kind, enabled)))
    throw unauthenticatedError('Your account no longer exists');
  return { kind, enabled };
}

/** The unsubscribe link of an e-mail switches its kind off; the signed token is the only credential needed. */
export async function unsubscribe(deps: AccountsDeps, token: string): Promise<NotificationPreferenceRecord> {
  const claims = token.length <= 2000 ? await deps.signer.verifyUnsubscribeToken(token) : null;
  if (
    !claims ||
    !NOTIFICATION_KIND.test(claims.kind) ||
    !(await setPreference(deps, claims.userId, claims.kind, false))
  ) {
    throw validationError([{ field: 'token', reason: 'is not a valid unsubscribe link' }]);
  }
  return { kind: claims.kind, enabled: false };
}
