import { type CloudEvent, notificationRequested } from '@ccp/kit';
import type { NotificationRequest } from '../notifications/notifier.js';

/**
 * A notification request for `ccp.notifications.v1`, to put in an aggregate's outbox beside the change that
 * causes it. Each request is its own subject; the accounts consumer delivers it.
 */
export function requestNotification(request: NotificationRequest, service = 'accounts'): CloudEvent {
  return notificationRequested(service, request);
}
