import { randomUUID } from 'node:crypto';
import {
  actorOf,
  type Caller,
  clusterPrivilege,
  problemsFromZod,
  requirePrivilege,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { requestNotification } from '../events/notification-events.js';
import type { InvitationDocument } from '../model/invitation.js';
import { coManagerGranted, coManagerInvitation } from '../notifications/messages.js';
import type { AccountsDeps } from './deps.js';
import { grantRole } from './grant-role.js';
import { emailAddress } from './register-user.js';

export const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * A manager of a cluster invites a colleague by e-mail. An account whose address is verified becomes a
 * manager at once; otherwise the invitation waits until that address is verified (registering is not
 * enough: anyone can type any address), and the address is told. The answer is the same either way, so
 * it does not tell who has an account.
 */
export async function inviteCoManager(
  deps: AccountsDeps,
  caller: Caller,
  input: { clusterId: string; email: string },
): Promise<boolean> {
  requireSignedIn(caller, 'invite co-managers');
  const cluster = await deps.clusterFactRepository.byId(input.clusterId);
  const privilege = requirePrivilege(
    caller,
    clusterPrivilege(caller, { id: input.clusterId, economy: cluster?.economy ?? '' }),
    'invite co-managers of this cluster',
  );
  const email = emailAddress.safeParse(input.email);
  if (!email.success)
    throw validationError(problemsFromZod(email.error.issues).map((p) => ({ ...p, field: 'email' })));
  const actor = actorOf(caller, privilege);
  const invitee = await deps.repository.byEmail(email.data);
  if (invitee?.emailVerified) {
    await grantRole(
      deps,
      invitee.id,
      { role: 'cluster-manager', clusterId: input.clusterId },
      { actor, notification: coManagerGranted(input.clusterId, cluster?.names) },
    );
    return true;
  }
  const now = new Date();
  const notice = coManagerInvitation(input.clusterId, cluster?.names);
  const event = requestNotification(
    invitee ? { ...notice, userIds: [invitee.id] } : { ...notice, email: email.data },
  );
  deps.validator.assertValid(event);
  const invitation: InvitationDocument = {
    _id: randomUUID(),
    email: email.data,
    clusterId: input.clusterId,
    invitedBy: caller.subject,
    createdAt: now,
    expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
    acceptedAt: null,
    acceptedBy: null,
    version: 1,
    outbox: [event],
  };
  await deps.invitations.collection.insertOne(invitation as never);
  await deps.invitationRelay.flush(invitation._id).catch(() => {});
  return true;
}
