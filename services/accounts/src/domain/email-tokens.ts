import type { EmailTokenDocument, EmailTokenPurpose } from '../model/email-token.js';
import type { AccountsDeps } from './deps.js';
import { randomSecret, sha256 } from './secrets.js';

export const EMAIL_TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = {
  'verify-email': 24 * 60 * 60 * 1000,
  'reset-password': 60 * 60 * 1000,
};
// One e-mail a minute per user and purpose, so nobody can flood an inbox through these mutations.
const RESEND_AFTER_MS = 60 * 1000;

/** A new single-use token (the raw value goes into the e-mail; only its hash is stored), or null when one was just sent. */
export async function issueEmailToken(
  deps: AccountsDeps,
  userId: string,
  purpose: EmailTokenPurpose,
  now = new Date(),
): Promise<string | null> {
  const recent = await deps.emailTokens.exists({
    userId,
    purpose,
    usedAt: null,
    createdAt: { $gt: new Date(now.getTime() - RESEND_AFTER_MS) },
  });
  if (recent) return null;
  const token = randomSecret();
  const doc: EmailTokenDocument = {
    _id: sha256(token),
    purpose,
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + EMAIL_TOKEN_TTL_MS[purpose]),
    usedAt: null,
  };
  await deps.emailTokens.collection.insertOne(doc as never);
  return token;
}

/** Marks the token used and returns whose it was; null when it is unknown, used, expired or for another purpose. */
export async function consumeEmailToken(
  deps: AccountsDeps,
  token: string,
  purpose: EmailTokenPurpose,
  now = new Date(),
): Promise<string | null> {
  if (token.length === 0 || token.length > 200) return null;
  const doc = await deps.emailTokens
    .findOneAndUpdate(
      { _id: sha256(token), purpose, usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
      { returnDocument: 'after' },
    )
    .lean<EmailTokenDocument>();
  return doc?.userId ?? null;
}
