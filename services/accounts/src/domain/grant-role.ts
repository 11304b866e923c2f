import {
  type Actor,
  type CloudEvent,
  invalidStateError,
  isEconomyCode,
  notFoundError,
  problemsFromZod,
  SYSTEM_ACTOR,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import { requestNotification } from '../events/notification-events.js';
import { userGranted } from '../events/user-events.js';
import { type GrantDocument, toUserRecord, type UserDocument, type UserRecord } from '../model/user.js';
import { roleGranted } from '../notifications/messages.js';
import type { NotificationContent } from '../notifications/notifier.js';
import type { AccountsDeps } from './deps.js';

const clusterId = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const economy = z
  .string()
  .refine(isEconomyCode, 'is not one of the 21 APEC economy codes (ISO 3166-1 alpha-2)');

export const grantInput = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('member') }),
  z.strictObject({ role: z.literal('cluster-manager'), clusterId }),
  z.strictObject({ role: z.literal('economy-coordinator'), economy }),
  z.strictObject({ role: z.literal('secretariat') }),
]);

export type GrantInput = z.input<typeof grantInput>;
export type GrantScope = Pick<GrantDocument, 'role' | 'clusterId' | 'economy'>;

export const ATTEMPTS = 3;

export function parseGrant(grant: unknown): GrantScope {
  const parsed = grantInput.safeParse(grant);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  return {
    role: parsed.data.role,
    clusterId: 'clusterId' in parsed.data ? parsed.data.clusterId : null,
    economy: 'economy' in parsed.data ? parsed.data.economy : null,
  };
}

export const sameGrant = (a: GrantScope, b: GrantScope) =>
  a.role === b.role &&
  (a.clusterId ?? null) === (b.clusterId ?? null) &&
  (a.economy ?? null) === (b.economy ?? null);

export interface GrantOptions {
  /** Who grants, with which privilege (the event's `actor`); the system unless a caller does. */
  actor?: Actor;
  /** What the user is told; a role-granted notice unless given, none when null. */
  notification?: NotificationContent | null;
}

/**
 * Gives a user a role (callers check who may). Granting a role the user already has changes nothing and
 * emits nothing. The granted event and the notice to the user leave through the user's outbox, written
 * with the grant in one update.
 */
export async function grantRole(
  deps: AccountsDeps,
  userId: string,
  grant: GrantInput,
  { actor = SYSTEM_ACTOR, notification }: GrantOptions = {},
): Promise<UserRecord> {
  const wanted = parseGrant(grant);
  const clusterNames =
    wanted.clusterId && notification === undefined
      ? (await deps.clusterFactRepository.byId(wanted.clusterId))?.names
      : undefined;
  // Another change between our read and write moves the version: read again and reapply.
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await deps.repository.documentById(userId);
    if (!current) throw notFoundError('User', userId);
    const grants = current.grants ?? [];
    if (grants.some((g) => sameGrant(g, wanted))) return toUserRecord(current);
    const added: GrantDocument = { ...wanted, grantedAt: new Date(), grantedBy: actor.subject };
    const next: UserDocument = { ...current, grants: [...grants, added], version: current.version + 1 };
    const events: CloudEvent[] = [userGranted(next, added, actor)];
    const notice = notification === undefined ? roleGranted({ ...wanted, clusterNames }) : notification;
    if (notice) events.push(requestNotification({ ...notice, userIds: [userId] }));
    for (const event of events) deps.validator.assertValid(event);
    const res = await deps.users.updateOne(
      { _id: userId, version: current.version },
      {
        $set: { grants: next.grants, version: next.version, outbox: [...(current.outbox ?? []), ...events] },
      },
    );
    if (res.matchedCount === 1) {
      await deps.relay.flush(userId).catch(() => {});
      return toUserRecord(next);
    }
  }
  throw invalidStateError(`User ${userId} kept changing while granting a role; retry`, { field: 'userId' });
}
