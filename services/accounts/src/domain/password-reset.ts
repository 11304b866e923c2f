import { problemsFromZod, validationError } from '@ccp/kit';
import { passwordReset } from '../notifications/messages.js';
import type { AccountsDeps } from './deps.js';
import { consumeEmailToken, issueEmailToken } from './email-tokens.js';
import { hashPassword } from './password.js';
import { emailAddress, newPassword } from './register-user.js';
import { revokeAllSessions } from './sessions.js';

/**
 * E-mails a reset link when an account has the address. The answer is the same, and as quick, either way:
 * the work for an existing account happens after the answer, so nobody learns who has an account.
 */
export async function requestPasswordReset(deps: AccountsDeps, email: string): Promise<boolean> {
  const parsed = emailAddress.safeParse(email);
  if (!parsed.success)
    throw validationError(problemsFromZod(parsed.error.issues).map((p) => ({ ...p, field: 'email' })));
  void (async () => {
    const user = await deps.repository.byEmail(parsed.data);
    if (!user) return;
    const token = await issueEmailToken(deps, user.id, 'reset-password');
    if (token) await deps.notifier.deliver({ ...passwordReset(token), userIds: [user.id] });
  })().catch((err) => deps.logger.error({ err }, 'password reset e-mail failed'));
  return true;
}

/** Sets the new password, proves the address (the link reached it) and signs the user out everywhere. */
export async function resetPassword(deps: AccountsDeps, token: string, password: string): Promise<boolean> {
  // The password is checked first, so a too-short one does not use up the token.
  const parsed = newPassword.safeParse(password);
  if (!parsed.success)
    throw validationError(problemsFromZod(parsed.error.issues).map((p) => ({ ...p, field: 'newPassword' })));
  const userId = await consumeEmailToken(deps, token, 'reset-password');
  const user = userId ? await deps.repository.documentById(userId) : null;
  if (!user) throw validationError([{ field: 'token', reason: 'is invalid, used or expired' }]);
  const now = new Date();
  await deps.users.updateOne(
    { _id: user._id },
    { $set: { passwordHash: await hashPassword(parsed.data), emailVerified: true } },
  );
  await deps.emailTokens.updateMany(
    { userId: user._id, purpose: 'reset-password', usedAt: null },
    { $set: { usedAt: now } },
  );
  await revokeAllSessions(deps, user._id, 'password-reset');
  await deps.loginAttempts.deleteOne({ _id: user.email });
  return true;
}
