import { randomUUID } from 'node:crypto';
import { type CloudEvent, makeEvent } from '@ccp/kit';
import type { NotificationRequest } from '../notifications/notifier.js';

export const NOTIFICATION_REQUESTED = 'ccp.notifications.requested.v1';

/**
 * A notification request for `ccp.notifications.v1`, to put in an aggregate's outbox beside the change that
 * causes it. Each request is its own subject; the accounts consumer delivers it.
 */
export function requestNotification(request: NotificationRequest, service = 'accounts'): CloudEvent {
  return makeEvent({
    service,
    type: NOTIFICATION_REQUESTED,
    subject: randomUUID(),
    sequence: 1,
    data: {
      kind: request.kind,
      ...(request.userIds ? { userIds: request.userIds } : {}),
      ...(request.email ? { email: request.email } : {}),
      ...(request.clusterManagersOf ? { clusterManagersOf: request.clusterManagersOf } : {}),
      ...(request.economyCoordinatorsOf ? { economyCoordinatorsOf: request.economyCoordinatorsOf } : {}),
      ...(request.replyToUserId ? { replyToUserId: request.replyToUserId } : {}),
      subject: request.subject,
      text: request.text,
      ...(request.link ? { link: request.link } : {}),
    },
  });
}
