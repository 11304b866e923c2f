import { type CloudEvent, type ConsumerDeps, EventConsumer, type HandleResult, TOPICS, type UserErasure } from '@ccp/kit';
import { type CreatorModels, eraseUser } from '../domain/erase-user.js';
import { eraseParticipants } from '../domain/erase-participants.js';

export const USER_ERASED = 'ccp.accounts.user.erased.v1';
export const ERASURE_GROUP = 'ccp-matchmaking-erasure';

/** Acts on accounts' erasure of a user; every other user event is none of matchmaking's business. */
export function userErasureHandler(models: CreatorModels) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (event.type !== USER_ERASED) return 'skipped';
    const { userId } = event.data as { userId?: unknown };
    if (typeof userId !== 'string' || userId === '') return 'skipped';
    await eraseUser(models, userId);
    if (models.workshopPeople) await eraseParticipants(models.workshopPeople, event.data as unknown as UserErasure);
    return 'applied';
  };
}

export interface UserErasureConsumerOptions extends ConsumerDeps {
  models: CreatorModels;
  groupId?: string;
}

export function userErasureConsumer({
  models,
  groupId = ERASURE_GROUP,
  ...rest
}: UserErasureConsumerOptions) {
  return new EventConsumer({ ...rest, groupId, topics: [TOPICS.user], handle: userErasureHandler(models) });
}
