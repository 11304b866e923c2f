import { apiKeySubject, type Caller } from '@ccp/kit';
import { type ApiKeyDocument, toApiKeyRecord } from '../model/api-key.js';
import { AuthFailure } from './auth-failure.js';
import { API_KEY_FORMAT } from './create-api-key.js';
import type { AccountsDeps } from './deps.js';
import { sameDigest, sha256 } from './secrets.js';

// lastUsedAt is a hint for the owner, not a log: one write a minute per key at most.
const LAST_USED_PRECISION_MS = 60 * 1000;

/** The caller an API key stands for (the gateway puts it into its caller token), or API_KEY_INVALID. */
export async function verifyApiKey(deps: AccountsDeps, key: unknown, now = new Date()): Promise<Caller> {
  const match = typeof key === 'string' ? API_KEY_FORMAT.exec(key) : null;
  const doc = match ? await deps.apiKeys.findById(match[1]).lean<ApiKeyDocument>() : null;
  // The secret is compared in constant time; a missing key is compared against itself so the work is alike.
  const presented = sha256(match?.[2] ?? '');
  const matches = sameDigest(presented, doc?.secretHash ?? presented) && doc !== null;
  if (!doc || !matches || doc.revokedAt) {
    throw new AuthFailure(401, 'API_KEY_INVALID', 'The API key is unknown or revoked');
  }
  await deps.apiKeys.updateOne(
    {
      _id: doc._id,
      $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: new Date(now.getTime() - LAST_USED_PRECISION_MS) } }],
    },
    { $set: { lastUsedAt: now } },
  );
  const record = toApiKeyRecord(doc);
  return {
    subject: apiKeySubject(record.id),
    kind: 'api-client',
    grants: [{ role: record.role }],
    limits: { ...record.limits },
  };
}
