import { type CloudEvent, makeEvent } from '@ccp/kit';
import type { GrantDocument, UserDocument } from '../model/user.js';

export const UserEventType = {
  registered: 'ccp.accounts.user.registered.v1',
  granted: 'ccp.accounts.user.granted.v1',
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

export function userGranted(u: Pick<UserDocument, '_id' | 'version'>, grant: GrantDocument): CloudEvent {
  return makeEvent({
    service: 'accounts',
    type: UserEventType.granted,
    subject: u._id,
    sequence: u.version,
    economy: grant.economy ?? undefined,
    data: {
      userId: u._id,
      role: grant.role,
      ...(grant.clusterId ? { clusterId: grant.clusterId } : {}),
      ...(grant.economy ? { economy: grant.economy } : {}),
      grantedAt: grant.grantedAt.toISOString(),
      grantedBy: grant.grantedBy,
    },
    time: grant.grantedAt,
  });
}
