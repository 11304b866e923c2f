import { randomUUID } from 'node:crypto';
import type { Actor } from './authz.js';
import { type CloudEvent, makeEvent } from './events.js';

export const NOTIFICATION_REQUESTED = 'ccp.notifications.requested.v1';
/** The notification schema's cap on `userIds`: more recipients get several requests. */
export const RECIPIENTS_PER_REQUEST = 1000;

export interface NotificationText {
  en: string;
  ru?: string;
}

/** What accounts delivers (schemas/events/ccp.notifications.requested.v1.schema.json): ids, never addresses. */
export interface NotificationRequest {
  /** What users switch on and off (e.g. cluster-claim-decided). */
  kind: string;
  subject: NotificationText;
  text: NotificationText;
  /** An absolute URL or a path on the web client. */
  link?: string;
  userIds?: string[];
  /** Only for an address without an account (an invitation to register). */
  email?: string;
  /** Accounts resolves the users who manage this cluster when it delivers. */
  clusterManagersOf?: string;
  /** Accounts resolves the coordinators of this economy when it delivers. */
  economyCoordinatorsOf?: string;
  /** Accounts makes this user's address the e-mail's Reply-To. */
  replyToUserId?: string;
}

/**
 * A `ccp.notifications.requested.v1` event from `service`, for the outbox of the write that causes it.
 * Each request is its own subject with sequence 1: it never enters an aggregate's version stream.
 */
export function notificationRequested(
  service: string,
  request: NotificationRequest,
  actor?: Actor,
): CloudEvent {
  return makeEvent({
    service,
    type: NOTIFICATION_REQUESTED,
    subject: randomUUID(),
    sequence: 1,
    actor,
    data: Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)),
  });
}

/** The same notification to users by id: each user once, at most RECIPIENTS_PER_REQUEST per request. */
export function notificationsToUsers(
  service: string,
  userIds: readonly string[],
  request: Omit<NotificationRequest, 'userIds'>,
  actor?: Actor,
): CloudEvent[] {
  const recipients = [...new Set(userIds)];
  const requests: CloudEvent[] = [];
  for (let i = 0; i < recipients.length; i += RECIPIENTS_PER_REQUEST) {
    const userIds = recipients.slice(i, i + RECIPIENTS_PER_REQUEST);
    requests.push(notificationRequested(service, { ...request, userIds }, actor));
  }
  return requests;
}
