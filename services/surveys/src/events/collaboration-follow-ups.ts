import { type CloudEvent, type ConsumerDeps, EventConsumer, type HandleResult, TOPICS } from '@ccp/kit';
import type { SurveysDeps } from '../domain/deps.js';
import { scheduleFollowUp } from '../domain/follow-ups.js';

export const COLLABORATION_AGREED = 'ccp.matchmaking.collaboration.agreed.v1';
export const FOLLOW_UP_GROUP = 'ccp-surveys-follow-ups';

interface AgreedData {
  collaborationId: string;
  clusterIds: string[];
  economies: string[];
  agreedAt: string;
}

/** Schedules the one-year follow-up of each agreed collaboration, once however often the event arrives. */
export function collaborationFollowUpHandler(deps: SurveysDeps) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (event.type !== COLLABORATION_AGREED) return 'skipped';
    const data = event.data as unknown as AgreedData;
    const scheduled = await scheduleFollowUp(deps, {
      collaborationId: data.collaborationId,
      clusterIds: data.clusterIds,
      economies: data.economies,
      agreedAt: new Date(data.agreedAt),
    });
    return scheduled ? 'applied' : 'skipped';
  };
}

export interface FollowUpConsumerOptions extends ConsumerDeps {
  deps: SurveysDeps;
  groupId?: string;
  topic?: string;
}

export function collaborationFollowUpConsumer({
  deps,
  groupId = FOLLOW_UP_GROUP,
  topic = TOPICS.collaboration,
  ...rest
}: FollowUpConsumerOptions) {
  return new EventConsumer({ ...rest, groupId, topics: [topic], handle: collaborationFollowUpHandler(deps) });
}
