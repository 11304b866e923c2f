import { type CloudEvent, type ConsumerDeps, EventConsumer, type HandleResult, TOPICS } from '@ccp/kit';
import { eraseUser } from '../domain/erase-user.js';
import type { ClusterModel } from '../model/cluster.js';

export const USER_ERASED = 'ccp.accounts.user.erased.v1';
export const ERASURE_GROUP = 'ccp-registry-erasure';

/** Acts on accounts' erasure of a user; every other user event is none of the registry's business. */
export function userErasureHandler(clusters: ClusterModel) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (event.type !== USER_ERASED) return 'skipped';
    const { userId } = event.data as { userId?: unknown };
    if (typeof userId !== 'string' || userId === '') return 'skipped';
    await eraseUser(clusters, userId);
    return 'applied';
  };
}

export interface UserErasureConsumerOptions extends ConsumerDeps {
  clusters: ClusterModel;
  groupId?: string;
}

export function userErasureConsumer({
  clusters,
  groupId = ERASURE_GROUP,
  ...rest
}: UserErasureConsumerOptions) {
  return new EventConsumer({ ...rest, groupId, topics: [TOPICS.user], handle: userErasureHandler(clusters) });
}
