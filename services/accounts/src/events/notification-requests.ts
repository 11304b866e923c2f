import {
  type CloudEvent,
  type ConsumerDeps,
  EventConsumer,
  type HandleResult,
  NOTIFICATION_REQUESTED,
  TOPICS,
} from '@ccp/kit';
import type { NotificationRequest, Notifier } from '../notifications/notifier.js';

/** Delivers every notification request once per recipient (the event id keys the deliveries). */
export function notificationRequestHandler(notifier: Notifier) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (event.type !== NOTIFICATION_REQUESTED) return 'skipped';
    const outcomes = await notifier.deliver(event.data as unknown as NotificationRequest, event.id);
    return outcomes.some((o) => o !== 'duplicate') ? 'applied' : 'skipped';
  };
}

export function notificationRequestConsumer(
  notifier: Notifier,
  consumer: ConsumerDeps,
  groupId: string,
): EventConsumer {
  return new EventConsumer({
    ...consumer,
    groupId,
    topics: [TOPICS.notifications],
    handle: notificationRequestHandler(notifier),
  });
}
