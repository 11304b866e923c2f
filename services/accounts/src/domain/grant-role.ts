import { invalidStateError, isEconomyCode, notFoundError, problemsFromZod, validationError } from '@ccp/kit';
import { z } from 'zod';
import { userGranted } from '../events/user-events.js';
import { type GrantDocument, toUserRecord, type UserDocument, type UserRecord } from '../model/user.js';
import type { AccountsDeps } from './deps.js';

export const grantInput = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('member') }),
  z.strictObject({
    role: z.literal('cluster-manager'),
    clusterId: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  }),
  z.strictObject({
    role: z.literal('economy-coordinator'),
    economy: z.string().refine(isEconomyCode, 'is not one of the 21 APEC economy codes (ISO 3166-1 alpha-2)'),
  }),
  z.strictObject({ role: z.literal('secretariat') }),
]);

export type GrantInput = z.input<typeof grantInput>;

const ATTEMPTS = 3;

const sameGrant = (a: Pick<GrantDocument, 'role' | 'clusterId' | 'economy'>, b: typeof a) =>
  a.role === b.role &&
  (a.clusterId ?? null) === (b.clusterId ?? null) &&
  (a.economy ?? null) === (b.economy ?? null);

/**
 * Gives a user a role. Trusted: it checks the grant, not who asks (the accounts issue adds the rules
 * for who may grant what). Granting a role the user already has changes nothing and emits nothing.
 */
export async function grantRole(
  deps: AccountsDeps,
  userId: string,
  grant: GrantInput,
  grantedBy = 'system',
): Promise<UserRecord> {
  const parsed = grantInput.safeParse(grant);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const wanted = {
    role: parsed.data.role,
    clusterId: 'clusterId' in parsed.data ? parsed.data.clusterId : null,
    economy: 'economy' in parsed.data ? parsed.data.economy : null,
  };
  // Another change between our read and write moves the version: read again and reapply.
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await deps.users.findById(userId).lean<UserDocument>();
    if (!current) throw notFoundError('User', userId);
    const grants = current.grants ?? [];
    if (grants.some((g) => sameGrant(g, wanted))) return toUserRecord(current);
    const added: GrantDocument = { ...wanted, grantedAt: new Date(), grantedBy };
    const next: UserDocument = { ...current, grants: [...grants, added], version: current.version + 1 };
    const event = userGranted(next, added);
    deps.validator.assertValid(event);
    const res = await deps.users.updateOne(
      { _id: userId, version: current.version },
      { $set: { grants: next.grants, version: next.version, outbox: [...(current.outbox ?? []), event] } },
    );
    if (res.matchedCount === 1) {
      await deps.relay.flush(userId).catch(() => {});
      return toUserRecord(next);
    }
  }
  throw invalidStateError(`User ${userId} kept changing while granting a role; retry`, { field: 'userId' });
}
