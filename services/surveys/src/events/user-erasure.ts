import {
  type CloudEvent,
  type ConsumerDeps,
  EventConsumer,
  type HandleResult,
  LOCAL_ERASURE_KEY,
  TOPICS,
} from '@ccp/kit';
import { eraseUser } from '../domain/erase-user.js';
import type { ResponseModel } from '../model/response.js';

export const USER_ERASED = 'ccp.accounts.user.erased.v1';
export const ERASURE_GROUP = 'ccp-surveys-erasure';

/** Acts on accounts' erasure of a user; every other user event is none of surveys' business. */
export function userErasureHandler(responses: ResponseModel, erasureKey = LOCAL_ERASURE_KEY) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (event.type !== USER_ERASED) return 'skipped';
    const { userId, emailDigest } = event.data as { userId?: unknown; emailDigest?: unknown };
    if (typeof userId !== 'string' || userId === '') return 'skipped';
    const digest = typeof emailDigest === 'string' ? emailDigest : undefined;
    await eraseUser(responses, { userId, emailDigest: digest }, erasureKey);
    return 'applied';
  };
}

export interface UserErasureConsumerOptions extends ConsumerDeps {
  responses: ResponseModel;
  groupId?: string;
  /** ERASURE_KEY: the same in every service (kit's erasure.ts). */
  erasureKey?: string;
}

export function userErasureConsumer({
  responses,
  groupId = ERASURE_GROUP,
  erasureKey,
  ...rest
}: UserErasureConsumerOptions) {
  return new EventConsumer({
    ...rest,
    groupId,
    topics: [TOPICS.user],
    handle: userErasureHandler(responses, erasureKey),
  });
}
