import { randomBytes } from 'node:crypto';
import {
  type Caller,
  invalidStateError,
  problemsFromZod,
  requireSignedIn,
  unauthenticatedError,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import {
  API_KEY_ROLES,
  type ApiKeyDocument,
  type ApiKeyRecord,
  DEFAULT_API_KEY_LIMITS,
  toApiKeyRecord,
} from '../model/api-key.js';
import type { AccountsDeps } from './deps.js';
import { randomSecret, sha256 } from './secrets.js';

const MAX_ACTIVE_KEYS = 20;

const createApiKeyInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  role: z.enum(API_KEY_ROLES),
});

/** `ccp_<24 hex id>_<43 base64url secret>`: the id finds the key, the 256-bit secret proves it. */
export const API_KEY_FORMAT = /^ccp_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/;

/** A signed-in user makes an API key for themself; the key is returned once and only its hash is kept. */
export async function createApiKey(
  deps: AccountsDeps,
  caller: Caller,
  input: { name: string; role: string },
): Promise<{ key: string; apiKey: ApiKeyRecord }> {
  requireSignedIn(caller, 'create an API key');
  const parsed = createApiKeyInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const owner = await deps.repository.byId(caller.subject);
  if (!owner) throw unauthenticatedError('Your account no longer exists');
  const active = await deps.apiKeys.countDocuments({ ownerId: owner.id, revokedAt: null });
  if (active >= MAX_ACTIVE_KEYS) {
    throw invalidStateError(`You have ${active} active API keys, the most allowed: revoke one first`);
  }
  const id = randomBytes(12).toString('hex');
  const secret = randomSecret();
  const doc: ApiKeyDocument = {
    _id: id,
    ownerId: owner.id,
    name: parsed.data.name,
    role: parsed.data.role,
    secretHash: sha256(secret),
    createdAt: new Date(),
    lastUsedAt: null,
    revokedAt: null,
    limits: { ...DEFAULT_API_KEY_LIMITS },
  };
  await deps.apiKeys.collection.insertOne(doc as never);
  return { key: `ccp_${id}_${secret}`, apiKey: toApiKeyRecord(doc) };
}
