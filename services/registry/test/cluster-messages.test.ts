import { randomUUID } from 'node:crypto';
import { ANONYMOUS, TOPICS } from '@ccp/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES_PER_HOUR, messageCluster } from '../src/domain/message-cluster.js';
import type { ClusterMessageDocument } from '../src/model/cluster-message.js';
import {
  API_CLIENT,
  coordinatorOf,
  eventsDuring,
  managerOf,
  noEventDuring,
  type Registry,
  someone,
  startRegistry,
} from './claims-harness.js';

const MESSAGE = `mutation($c: ID!, $s: String!, $b: String!) { messageCluster(clusterId: $c, subject: $s, body: $b) }`;

let registry: Registry;

const messagesTo = (clusterId: string) =>
  registry.deps.claims.messageModel.find({ clusterId }).lean<ClusterMessageDocument[]>();

beforeAll(async () => {
  registry = await startRegistry('registry_cluster_messages');
});

afterAll(async () => {
  await registry?.stop();
});

describe('messageCluster', () => {
  it('When a signed-in user messages a published cluster, then its managers are notified by cluster, the sender is the Reply-To, and no address travels', async () => {
    const clusterId = await registry.cluster({ origin: 'registered' });
    const sender = someone();
    const marker = randomUUID().slice(0, 8);

    const { result, events } = await eventsDuring(
      registry,
      TOPICS.notifications,
      (e) => e.data?.clusterManagersOf === clusterId,
      () =>
        registry.run(
          MESSAGE,
          {
            c: clusterId,
            s: `Joint project ${marker}`,
            b: 'We would like to meet at the next APEC workshop.',
          },
          sender,
        ),
    );

    expect(result.errors).toBeUndefined();
    expect(result.data.messageCluster).toBe(true);
    const [event] = events;
    expect(event).toMatchObject({
      source: '/ccp/registry',
      type: 'ccp.notifications.requested.v1',
      data: {
        kind: 'cluster-message',
        clusterManagersOf: clusterId,
        replyToUserId: sender.subject,
        subject: { en: `Joint project ${marker}` },
        link: `/clusters/${clusterId}`,
      },
    });
    expect(event.data.text.en).toContain('We would like to meet at the next APEC workshop.');
    expect(event.data.userIds).toBeUndefined();
    expect(event.data.email).toBeUndefined();
    expect(JSON.stringify(event)).not.toMatch(/@/);
    expect(await messagesTo(clusterId)).toEqual([
      expect.objectContaining({
        senderId: sender.subject,
        subject: `Joint project ${marker}`,
        body: 'We would like to meet at the next APEC workshop.',
        outbox: [],
      }),
    ]);
  });

  it.each([
    ['an anonymous caller', 'UNAUTHENTICATED', ANONYMOUS],
    ['an API client', 'FORBIDDEN', API_CLIENT],
  ])('When %s messages a cluster, then %s and nothing is stored', async (_, code, caller) => {
    const clusterId = await registry.cluster();

    const { errors } = await registry.run(MESSAGE, { c: clusterId, s: 'Hello', b: 'Hi there' }, caller);

    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(await messagesTo(clusterId)).toEqual([]);
  });

  it('When the cluster is not published, then only callers privileged on it may message it; to others it does not exist', async () => {
    const clusterId = await registry.cluster({ status: 'draft', economy: 'ID' });

    const member = await registry.run(MESSAGE, { c: clusterId, s: 'Hello', b: 'Hi' }, someone());
    const manager = await registry.run(
      MESSAGE,
      { c: clusterId, s: 'Note', b: 'To my co-managers' },
      managerOf(clusterId),
    );
    const coordinator = await registry.run(
      MESSAGE,
      { c: clusterId, s: 'Review', b: 'Please add members' },
      coordinatorOf('ID'),
    );

    expect(member.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(manager.data?.messageCluster).toBe(true);
    expect(coordinator.data?.messageCluster).toBe(true);
    expect(await messagesTo(clusterId)).toHaveLength(2);
  });

  it('When the cluster is unknown, then NOT_FOUND', async () => {
    const { errors } = await registry.run(
      MESSAGE,
      { c: `missing-${randomUUID()}`, s: 'Hello', b: 'Hi' },
      someone(),
    );
    expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it.each([
    ['subject', { s: '' }],
    ['subject', { s: 'x'.repeat(201) }],
    ['subject', { s: '<script>alert(1)</script>' }],
    ['body', { b: '   ' }],
    ['body', { b: 'x'.repeat(5001) }],
    ['body', { b: 'Look: <iframe src="https://evil.example"></iframe>' }],
    ['clusterId', { c: '' }],
  ])(
    'When the message has a bad %s, then BAD_USER_INPUT names it, nothing is stored and no slot is used',
    async (field, bad) => {
      const clusterId = await registry.cluster();
      const sender = someone();

      const { errors } = await registry.run(
        MESSAGE,
        { c: clusterId, s: 'Hello', b: 'A plain message', ...bad },
        sender,
      );

      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await messagesTo(clusterId)).toEqual([]);
      expect(await registry.deps.claims.quotaModel.findById(sender.subject).lean()).toBeNull();
    },
  );

  it('When a message is refused for bad input, then no notification leaves', async () => {
    const clusterId = await registry.cluster();

    await noEventDuring(
      registry,
      TOPICS.notifications,
      (e) => e.data?.clusterManagersOf === clusterId,
      () => registry.run(MESSAGE, { c: clusterId, s: '<b>Hi</b>', b: 'Body' }, someone()),
    );
  });

  it(`When a sender has sent ${MESSAGES_PER_HOUR} messages within the hour, then the next one is RATE_LIMITED and nothing is stored; others may still write`, async () => {
    const clusterId = await registry.cluster();
    const sender = someone();
    for (let i = 0; i < MESSAGES_PER_HOUR; i++) {
      const { errors } = await registry.run(MESSAGE, { c: clusterId, s: `Message ${i}`, b: 'Hello' }, sender);
      expect(errors).toBeUndefined();
    }

    const refused = await registry.run(MESSAGE, { c: clusterId, s: 'One more', b: 'Hello' }, sender);
    const other = await registry.run(
      MESSAGE,
      { c: clusterId, s: 'From someone else', b: 'Hello' },
      someone(),
    );

    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(3500);
    expect(refused.errors?.[0]?.message).toMatch(/20 messages/);
    expect(other.errors).toBeUndefined();
    expect((await messagesTo(clusterId)).filter((m) => m.senderId === sender.subject)).toHaveLength(
      MESSAGES_PER_HOUR,
    );
  });

  it('When an hour has passed since the earliest of the last 20 messages, then the sender may write again', async () => {
    const clusterId = await registry.cluster();
    const sender = someone();
    const start = new Date();
    for (let i = 0; i < MESSAGES_PER_HOUR; i++) {
      await messageCluster(
        registry.deps,
        sender,
        { clusterId, subject: `M${i}`, body: 'Hi' },
        new Date(start.getTime() + i * 60_000),
      );
    }
    const justBefore = new Date(start.getTime() + 59 * 60_000);
    const anHourLater = new Date(start.getTime() + 60 * 60_000 + 1);

    await expect(
      messageCluster(registry.deps, sender, { clusterId, subject: 'Too soon', body: 'Hi' }, justBefore),
    ).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    await expect(
      messageCluster(registry.deps, sender, { clusterId, subject: 'Later', body: 'Hi' }, anHourLater),
    ).resolves.toBe(true);
  });

  it(`When a sender fires 25 messages at once, then exactly ${MESSAGES_PER_HOUR} go out`, async () => {
    const clusterId = await registry.cluster();
    const sender = someone();

    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        registry.run(MESSAGE, { c: clusterId, s: `Burst ${i}`, b: 'Hi' }, sender),
      ),
    );

    expect(results.filter((r) => r.data?.messageCluster === true)).toHaveLength(MESSAGES_PER_HOUR);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED')).toHaveLength(5);
    expect(await messagesTo(clusterId)).toHaveLength(MESSAGES_PER_HOUR);
  });
});
