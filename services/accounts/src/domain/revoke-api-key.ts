import { type Caller, forbiddenError, isSecretariat, notFoundError, requireSignedIn } from '@ccp/kit';
import type { ApiKeyRecord } from '../model/api-key.js';
import { recordAudit } from './audit.js';
import type { AccountsDeps } from './deps.js';

/** The key's owner or the secretariat revokes it; the gateway refuses it from its next check on. */
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
  await deps.apiKeys.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt } });
  if (!owner)
    await recordAudit(deps, { type: 'accounts.api-key.revoked', subject: id, actor: caller.subject });
  return (await deps.apiKeyRepository.byId(id)) ?? { ...key, revokedAt };
}
