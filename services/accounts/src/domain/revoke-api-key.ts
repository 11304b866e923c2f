import {
  actorOf,
  type Caller,
  forbiddenError,
  invalidStateError,
  isSecretariat,
  notFoundError,
  requireSignedIn,
} from '@ccp/kit';
import { userApiKeyRevoked } from '../events/user-events.js';
import type { ApiKeyRecord } from '../model/api-key.js';
import { recordAudit } from './audit.js';
import type { AccountsDeps } from './deps.js';
import { ATTEMPTS } from './grant-role.js';

/**
 * The key's owner or the secretariat revokes it; the gateway refuses it from its next check on, and
 * `ccp.accounts.user.api-key-revoked.v1` tells the services what the key registered (integrations deletes its
 * webhook endpoints). Without transactions the event and the key are two writes, in this order: the event joins
 * the owner's outbox first, then the key is revoked. A failure between them leaves the key live and the call
 * failed, so the owner revokes again (a second event; consumers remove what is already gone) — never a revoked
 * key whose endpoints live on because its event was lost.
 */
export async function revokeApiKey(deps: AccountsDeps, caller: Caller, id: string): Promise<ApiKeyRecord> {
  requireSignedIn(caller, 'revoke an API key');
  const key = await deps.apiKeyRepository.byId(id);
  const owner = key?.ownerId === caller.subject;
  if (!owner && !isSecretariat(caller)) {
    if (!key) throw notFoundError('API key', id);
    throw forbiddenError('Only the key’s owner or the secretariat may revoke it');
  }
  if (!key) throw notFoundError('API key', id);
  if (key.revokedAt) return key;
  const revokedAt = new Date();
  await announceRevocation(deps, key.ownerId, id, revokedAt, caller);
  await deps.apiKeys.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt } });
  if (!owner)
    await recordAudit(deps, { type: 'accounts.api-key.revoked', subject: id, actor: caller.subject });
  return (await deps.apiKeyRepository.byId(id)) ?? { ...key, revokedAt };
}

async function announceRevocation(
  deps: AccountsDeps,
  userId: string,
  apiKeyId: string,
  revokedAt: Date,
  caller: Caller,
): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await deps.repository.documentById(userId);
    // An erased owner's keys were revoked, and announced, with the account.
    if (!current || current.erasedAt) return;
    const version = current.version + 1;
    const event = userApiKeyRevoked(userId, version, apiKeyId, revokedAt, actorOf(caller));
    deps.validator.assertValid(event);
    const res = await deps.users.updateOne(
      { _id: userId, version: current.version },
      { $set: { version, outbox: [...(current.outbox ?? []), event] } },
    );
    if (res.matchedCount === 1) {
      await deps.relay.flush(userId).catch(() => {});
      return;
    }
  }
  throw invalidStateError(`User ${userId} kept changing while revoking an API key; retry`, { field: 'id' });
}
