import { randomUUID } from 'node:crypto';
import { conflictError, problemsFromZod, validationError } from '@ccp/kit';
import { z } from 'zod';
import { userRegistered } from '../events/user-events.js';
import { toUserRecord, type UserDocument, type UserRecord } from '../model/user.js';
import type { AccountsDeps } from './deps.js';
import { isDuplicateKey } from './errors.js';
import { hashPassword } from './password.js';
import { sendVerificationEmail } from './verify-email.js';

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** A BCP-47 tag in its canonical form (`en-us` → `en-US`), or null when it is not one. */
export function canonicalLocale(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be an e-mail address'));

// Counted in characters, not UTF-16 units; the upper bound keeps hashing cheap to refuse.
export const newPassword = z
  .string()
  .refine((p) => [...p].length >= 12, 'must be at least 12 characters')
  .refine((p) => p.length <= 1024, 'must be at most 1024 characters');

export const registerUserInput = z.object({
  email: emailAddress,
  name: text(200),
  password: newPassword,
  organization: text(200).nullish(),
  locale: z
    .string()
    .trim()
    .max(35, 'must be at most 35 characters')
    .refine((tag) => canonicalLocale(tag) !== null, 'must be a BCP-47 language tag such as en or ru')
    .transform((tag) => canonicalLocale(tag) as string)
    .nullish(),
});

export type RegisterUserInput = z.input<typeof registerUserInput>;

function emailTaken(email: string) {
  return conflictError(`An account with the e-mail address ${email} already exists`, { field: 'email' });
}

/**
 * Creates an account; its registered event (ids only) leaves through the outbox in the same write. The
 * verification e-mail goes straight to the mailer, never through Kafka: its link is a credential.
 */
export async function registerUser(deps: AccountsDeps, input: unknown): Promise<UserRecord> {
  const parsed = registerUserInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  // Checked before hashing so a duplicate costs no scrypt; the unique index settles races.
  if (await deps.repository.byEmail(v.email)) throw emailTaken(v.email);
  const doc: UserDocument = {
    _id: randomUUID(),
    email: v.email,
    name: v.name,
    organization: v.organization ?? null,
    locale: v.locale ?? 'en',
    createdAt: new Date(),
    emailVerified: false,
    passwordHash: await hashPassword(v.password),
    grants: [],
    notificationPreferences: {},
    erasedAt: null,
    version: 1,
    outbox: [],
  };
  const event = userRegistered(doc);
  deps.validator.assertValid(event);
  doc.outbox = [event];
  try {
    await deps.users.collection.insertOne(doc as never);
  } catch (err) {
    if (isDuplicateKey(err)) throw emailTaken(v.email);
    throw err;
  }
  await deps.relay.flush(doc._id).catch(() => {});
  await sendVerificationEmail(deps, doc._id);
  return toUserRecord(doc);
}
