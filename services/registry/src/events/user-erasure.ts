import {
  type CloudEvent,
  type ConsumerDeps,
  EventConsumer,
  type HandleResult,
  TOPICS,
  type UserErasure,
} from '@ccp/kit';
import type { RegistryDeps } from '../domain/deps.js';
import { eraseClaimsAndMessages } from '../domain/erase-claims.js';
import { eraseContacts } from '../domain/erase-contacts.js';
import { eraseUser } from '../domain/erase-user.js';

export const USER_ERASED = 'ccp.accounts.user.erased.v1';
export const ERASURE_GROUP = 'ccp-registry-erasure';

type ErasureDeps = Pick<
  RegistryDeps,
  'clusters' | 'readModel' | 'savedSearches' | 'claims' | 'validator' | 'relay' | 'erasureKey'
>;

/**
 * Acts on accounts' erasure of a user: contacts with their address go, their id leaves every cluster, their
 * saved searches go, their claims and messages are emptied. Every other user event is none of the registry's business.
 */
export function userErasureHandler(deps: ErasureDeps) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (event.type !== USER_ERASED) return 'skipped';
    const { userId, emailDigest } = event.data as Partial<UserErasure>;
    if (typeof userId !== 'string' || userId === '') return 'skipped';
    if (emailDigest) await eraseContacts(deps, emailDigest);
    for (const id of await eraseUser(deps.clusters, userId)) deps.readModel.invalidate(id);
    await deps.savedSearches.deleteMany({ owner: userId });
    for (const id of await eraseClaimsAndMessages(deps, userId)) deps.readModel.invalidate(id);
    return 'applied';
  };
}

export interface UserErasureConsumerOptions extends ConsumerDeps {
  deps: ErasureDeps;
  groupId?: string;
}

export function userErasureConsumer({ deps, groupId = ERASURE_GROUP, ...rest }: UserErasureConsumerOptions) {
  return new EventConsumer({ ...rest, groupId, topics: [TOPICS.user], handle: userErasureHandler(deps) });
}
