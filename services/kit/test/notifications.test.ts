import { describe, expect, it } from 'vitest';
import {
  EventValidator,
  NOTIFICATION_REQUESTED,
  notificationRequested,
  notificationsToUsers,
  RECIPIENTS_PER_REQUEST,
  SYSTEM_ACTOR,
  TOPICS,
  topicOf,
} from '../src/index.js';

const validator = new EventValidator();
const content = {
  kind: 'cluster-stale-reminder',
  subject: { en: 'Is the profile still current?', ru: 'Профиль актуален?' },
  text: { en: 'Please review it:', ru: 'Пожалуйста, проверьте его:' },
};

describe('notification requests', () => {
  it("When a service asks to notify a cluster's managers, then the event matches its schema, comes from that service and leaves out what is not given", () => {
    const event = notificationRequested(
      'registry',
      { ...content, clusterManagersOf: 'cl-1', link: '/clusters/cl-1', replyToUserId: undefined },
      { subject: 'user-7', role: 'manager' },
    );

    expect(validator.validate(event)).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      type: NOTIFICATION_REQUESTED,
      source: '/ccp/registry',
      sequence: 1,
      actor: 'user-7',
      actorrole: 'manager',
      data: { ...content, clusterManagersOf: 'cl-1', link: '/clusters/cl-1' },
    });
    expect('replyToUserId' in event.data).toBe(false);
    expect(topicOf(event.type)).toBe(TOPICS.notifications);
  });

  it('When two requests are made, then each is its own subject, never part of an aggregate stream', () => {
    const a = notificationRequested('matchmaking', { ...content, userIds: ['u1'] });
    const b = notificationRequested('matchmaking', { ...content, userIds: ['u1'] });

    expect(a.subject).not.toBe(b.subject);
    expect([a.sequence, b.sequence]).toEqual([1, 1]);
    expect(a.actor).toBeUndefined();
  });

  it('When more users than one request may name are notified, then they are split into valid requests, each user once', () => {
    const userIds = Array.from({ length: 2 * RECIPIENTS_PER_REQUEST + 500 }, (_, i) => `user-${i}`);

    const events = notificationsToUsers(
      'matchmaking',
      [...userIds, 'user-0', 'user-1'],
      content,
      SYSTEM_ACTOR,
    );

    expect(events.map((e) => (e.data.userIds as string[]).length)).toEqual([1000, 1000, 500]);
    expect(events.flatMap((e) => e.data.userIds as string[])).toEqual(userIds);
    for (const event of events) expect(validator.validate(event)).toMatchObject({ ok: true });
    expect(new Set(events.map((e) => e.subject)).size).toBe(3);
    expect(events[0]).toMatchObject({ actor: 'system', data: { kind: content.kind } });
  });

  it('When there is nobody to notify, then no request is made', () => {
    expect(notificationsToUsers('matchmaking', [], content)).toEqual([]);
  });
});
