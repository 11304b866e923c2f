import { type CloudEvent, type ConsumerDeps, EventConsumer, type HandleResult, TOPICS } from '@ccp/kit';
import { eraseUser } from '../domain/erase-user.js';
import type { ResponseModel } from '../model/response.js';

export const USER_ERASED = 'ccp.accounts.user.erased.v1';
export const ERASURE_GROUP = 'ccp-surveys-erasure';

/** Acts on accounts' erasure of a user; every other user event is none of surveys' business. */
export function userErasureHandler(responses: ResponseModel) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (event.type !== USER_ERASED) return 'skipped';
    const { userId } = event.data as { userId?: unknown };
    if (typeof userId !== 'string' || userId === '') return 'skipped';
    await eraseUser(responses, userId);
    return 'applied';
  };
}

export interface UserErasureConsumerOptions extends ConsumerDeps {
  responses: ResponseModel;
  groupId?: string;
}

export function userErasureConsumer({
  responses,
  groupId = ERASURE_GROUP,
  ...rest
}: UserErasureConsumerOptions) {
  return new EventConsumer({
    ...rest,
    groupId,
    topics: [TOPICS.user],
    handle: userErasureHandler(responses),
  });
}
