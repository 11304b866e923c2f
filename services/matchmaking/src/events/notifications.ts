import {
  type Actor,
  type CloudEvent,
  type NotificationRequest,
  notificationRequested,
  notificationsToUsers,
} from '@ccp/kit';

/** A notification request for the outbox of the write that causes it; its own subject, never in the aggregate's sequence. */
export const requestNotification = (request: NotificationRequest, actor?: Actor): CloudEvent =>
  notificationRequested('matchmaking', request, actor);

/** The same notification to users by id, each once, in as many requests as the schema's cap needs. */
export const notifyUsers = (
  userIds: readonly string[],
  request: Omit<NotificationRequest, 'userIds'>,
  actor?: Actor,
): CloudEvent[] => notificationsToUsers('matchmaking', userIds, request, actor);
