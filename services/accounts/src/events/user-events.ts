import { type Actor, type CloudEvent, makeEvent, SYSTEM_ACTOR } from '@ccp/kit';
import type { GrantDocument, UserDocument } from '../model/user.js';

export const UserEventType = {
  registered: 'ccp.accounts.user.registered.v1',
  granted: 'ccp.accounts.user.granted.v1',
  revoked: 'ccp.accounts.user.revoked.v1',
  erased: 'ccp.accounts.user.erased.v1',
  apiKeyRevoked: 'ccp.accounts.user.api-key-revoked.v1',
} as const;

// Events carry ids and roles only: e-mail, name and organization are personal data that stay in accounts.
export function userRegistered(
  u: Pick<UserDocument, '_id' | 'locale' | 'createdAt' | 'version'>,
): CloudEvent {
  return makeEvent({
    service: 'accounts',
    type: UserEventType.registered,
    subject: u._id,
    sequence: u.version,
    data: { userId: u._id, locale: u.locale, registeredAt: u.createdAt.toISOString() },
    time: u.createdAt,
  });
}

const scope = (grant: Pick<GrantDocument, 'clusterId' | 'economy'>) => ({
  ...(grant.clusterId ? { clusterId: grant.clusterId } : {}),
  ...(grant.economy ? { economy: grant.economy } : {}),
});

export function userGranted(
  u: Pick<UserDocument, '_id' | 'version'>,
  grant: GrantDocument,
  actor: Actor = SYSTEM_ACTOR,
): CloudEvent {
  return makeEvent({
    service: 'accounts',
    type: UserEventType.granted,
    subject: u._id,
    sequence: u.version,
    economy: grant.economy ?? undefined,
    actor,
    data: {
      userId: u._id,
      role: grant.role,
      ...scope(grant),
      grantedAt: grant.grantedAt.toISOString(),
      grantedBy: grant.grantedBy,
    },
    time: grant.grantedAt,
  });
}

export function userRevoked(
  userId: string,
  sequence: number,
  grant: Pick<GrantDocument, 'role' | 'clusterId' | 'economy'>,
  revokedAt: Date,
  actor: Actor,
): CloudEvent {
  return makeEvent({
    service: 'accounts',
    type: UserEventType.revoked,
    subject: userId,
    sequence,
    economy: grant.economy ?? undefined,
    actor,
    data: {
      userId,
      role: grant.role,
      ...scope(grant),
      revokedAt: revokedAt.toISOString(),
      revokedBy: actor.subject,
    },
    time: revokedAt,
  });
}

/** `emailDigest` lets services find the entries others typed in with this user's address (kit's erasure.ts). */
export function userErased(
  userId: string,
  emailDigest: string | null,
  sequence: number,
  erasedAt: Date,
  actor: Actor,
): CloudEvent {
  return makeEvent({
    service: 'accounts',
    type: UserEventType.erased,
    subject: userId,
    sequence,
    actor,
    data: { userId, ...(emailDigest ? { emailDigest } : {}), erasedAt: erasedAt.toISOString() },
    time: erasedAt,
  });
}

/** A key is part of its owner's aggregate: the event leaves through the owner's outbox, in the owner's order. */
export function userApiKeyRevoked(
  userId: string,
  sequence: number,
  apiKeyId: string,
  revokedAt: Date,
  actor: Actor,
): CloudEvent {
  return makeEvent({
    service: 'accounts',
    type: UserEventType.apiKeyRevoked,
    subject: userId,
    sequence,
    actor,
    data: { userId, apiKeyId, revokedAt: revokedAt.toISOString(), revokedBy: actor.subject },
    time: revokedAt,
  });
}
