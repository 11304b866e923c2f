import { actorOf, type Caller, clusterPrivilege, requireSignedIn, validationError } from '@ccp/kit';
import type { InvitationDocument } from '../model/invitation.js';
import { coManagerGranted, emailVerification } from '../notifications/messages.js';
import { callerGrants } from './access-tokens.js';
import type { AccountsDeps } from './deps.js';
import { consumeEmailToken, issueEmailToken } from './email-tokens.js';
import { grantRole } from './grant-role.js';

/** E-mails a verification link (unless one went out in the last minute); a mail failure is logged, not thrown. */
export async function sendVerificationEmail(deps: AccountsDeps, userId: string): Promise<void> {
  try {
    const token = await issueEmailToken(deps, userId, 'verify-email');
    if (token) await deps.notifier.deliver({ ...emailVerification(token), userIds: [userId] });
  } catch (err) {
    deps.logger.error({ err, userId }, 'verification e-mail failed');
  }
}

export async function resendVerificationEmail(deps: AccountsDeps, caller: Caller): Promise<boolean> {
  requireSignedIn(caller, 'ask for a verification e-mail');
  const user = await deps.repository.byId(caller.subject);
  if (user && !user.emailVerified) await sendVerificationEmail(deps, user.id);
  return true;
}

/** Confirms the address the token was sent to, then applies the invitations waiting for it. */
export async function verifyEmail(deps: AccountsDeps, token: string): Promise<boolean> {
  const userId = await consumeEmailToken(deps, token, 'verify-email');
  const user = userId ? await deps.repository.documentById(userId) : null;
  if (!user) throw validationError([{ field: 'token', reason: 'is invalid, used or expired' }]);
  await deps.users.updateOne({ _id: user._id }, { $set: { emailVerified: true } });
  await applyPendingInvitations(deps, user._id, user.email);
  return true;
}

/**
 * Grants what was waiting for a verified address. An invitation only counts while its inviter may still
 * invite (they may have lost the cluster since).
 */
export async function applyPendingInvitations(
  deps: AccountsDeps,
  userId: string,
  email: string,
): Promise<number> {
  const now = new Date();
  const pending = await deps.invitations
    .find({ email, acceptedAt: null, expiresAt: { $gt: now } })
    .lean<InvitationDocument[]>();
  let applied = 0;
  for (const invitation of pending) {
    const inviter = await deps.repository.byId(invitation.invitedBy);
    const cluster = await deps.clusterFactRepository.byId(invitation.clusterId);
    const inviterCaller: Caller = {
      subject: invitation.invitedBy,
      kind: 'user',
      grants: inviter ? callerGrants(inviter.grants) : [],
    };
    const privilege = clusterPrivilege(inviterCaller, {
      id: invitation.clusterId,
      economy: cluster?.economy ?? '',
    });
    if (privilege) {
      await grantRole(
        deps,
        userId,
        { role: 'cluster-manager', clusterId: invitation.clusterId },
        {
          actor: actorOf(inviterCaller, privilege),
          notification: coManagerGranted(invitation.clusterId, cluster?.names),
        },
      );
      applied++;
    }
    await deps.invitations.updateOne(
      { _id: invitation._id, acceptedAt: null },
      { $set: { acceptedAt: now, acceptedBy: privilege ? userId : null } },
    );
  }
  return applied;
}
