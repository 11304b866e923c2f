import { TOPICS } from '@ccp/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterForChange, writeClusterChange } from '../src/domain/change-cluster.js';
import { confirmClusterProfile } from '../src/domain/confirm-cluster.js';
import { remindStaleClusters } from '../src/domain/stale-reminders.js';
import { clusterUpdated } from '../src/events/cluster-events.js';
import {
  eventsDuring,
  managerOf,
  noEventDuring,
  type Registry,
  SECRETARIAT,
  startRegistry,
} from './claims-harness.js';

const DAY = 24 * 60 * 60 * 1000;
const STALE = `query($id: ID!) { cluster(id: $id) { id stale } }`;

let registry: Registry;

const daysAgo = (days: number, from = new Date()) => new Date(from.getTime() - days * DAY);
const later = (days: number, from = new Date()) => new Date(from.getTime() + days * DAY);
const staleOf = async (id: string) =>
  (await registry.run(STALE, { id }, SECRETARIAT)).data.cluster.stale as boolean;
const reminderOf = async (id: string) => (await registry.stored(id))?.staleReminderAt ?? null;

beforeAll(async () => {
  registry = await startRegistry('registry_stale_reminders', { staleAfterDays: 365 });
});

afterAll(async () => {
  await registry?.stop();
});

describe('Cluster.stale', () => {
  it('When a published profile was never verified and published more than a year ago, then it is stale; published recently, it is not', async () => {
    const old = await registry.cluster({ origin: 'registered', publishedAt: daysAgo(366) });
    const recent = await registry.cluster({ origin: 'registered', publishedAt: daysAgo(364) });

    expect(await staleOf(old)).toBe(true);
    expect(await staleOf(recent)).toBe(false);
  });

  it('When a profile published long ago was verified recently, then it is not stale; verified more than a year ago, it is', async () => {
    const verified = await registry.cluster({ publishedAt: daysAgo(900), lastVerifiedAt: daysAgo(10) });
    const longAgo = await registry.cluster({ publishedAt: daysAgo(900), lastVerifiedAt: daysAgo(400) });

    expect(await staleOf(verified)).toBe(false);
    expect(await staleOf(longAgo)).toBe(true);
  });

  it('When an old profile is not published (draft, archived), then it is not stale', async () => {
    const draft = await registry.cluster({
      status: 'draft',
      publishedAt: null,
      lastVerifiedAt: daysAgo(800),
    });
    const archived = await registry.cluster({ status: 'archived', publishedAt: daysAgo(800) });

    expect(await staleOf(draft)).toBe(false);
    expect(await staleOf(archived)).toBe(false);
  });
});

describe('stale profile reminders', () => {
  it('When a published profile is stale, then its managers are reminded once through a notification to clusterManagersOf, without a version bump, and not again on the next run', async () => {
    const clusterId = await registry.cluster({ origin: 'registered', publishedAt: daysAgo(500) });
    const before = await registry.stored(clusterId);
    const now = new Date();

    const { events } = await eventsDuring(
      registry,
      TOPICS.notifications,
      (e) => e.data?.clusterManagersOf === clusterId,
      () => remindStaleClusters(registry.deps, now),
    );

    expect(events[0]).toMatchObject({
      type: 'ccp.notifications.requested.v1',
      data: { kind: 'cluster-stale-reminder', clusterManagersOf: clusterId, link: `/clusters/${clusterId}` },
    });
    expect(events[0].data.text.en).toContain('has not been verified since');
    const after = await registry.stored(clusterId);
    expect(after).toMatchObject({ version: before!.version, staleReminderAt: now, outbox: [] });

    await noEventDuring(
      registry,
      TOPICS.notifications,
      (e) => e.data?.clusterManagersOf === clusterId,
      async () => {
        await remindStaleClusters(registry.deps, now);
        await remindStaleClusters(registry.deps, later(10, now));
      },
    );
    expect(await reminderOf(clusterId)).toEqual(now);
  });

  it('When a profile stays stale for more than 30 days after its reminder, then its managers are reminded again', async () => {
    const clusterId = await registry.cluster({ publishedAt: daysAgo(500) });
    const first = new Date();
    await remindStaleClusters(registry.deps, first);

    await remindStaleClusters(registry.deps, later(29, first));
    expect(await reminderOf(clusterId)).toEqual(first);

    const { events } = await eventsDuring(
      registry,
      TOPICS.notifications,
      (e) => e.data?.clusterManagersOf === clusterId,
      () => remindStaleClusters(registry.deps, later(31, first)),
    );
    expect(events).toHaveLength(1);
    expect(await reminderOf(clusterId)).toEqual(later(31, first));
  });

  it('When the managers confirm the profile after a reminder, then it is not reminded while current, and reminded again once a year has passed since the verification', async () => {
    const clusterId = await registry.cluster({ origin: 'registered', publishedAt: daysAgo(500) });
    await remindStaleClusters(registry.deps);
    const reminded = await reminderOf(clusterId);
    await confirmClusterProfile(registry.deps, managerOf(clusterId), clusterId);
    const verifiedAt = (await registry.stored(clusterId))!.lastVerifiedAt!;

    await remindStaleClusters(registry.deps, later(40, verifiedAt));
    expect(await reminderOf(clusterId)).toEqual(reminded);
    expect(await staleOf(clusterId)).toBe(false);

    const { events } = await eventsDuring(
      registry,
      TOPICS.notifications,
      (e) => e.data?.clusterManagersOf === clusterId,
      () => remindStaleClusters(registry.deps, later(366, verifiedAt)),
    );
    expect(events[0].data.text.en).toContain(`was last verified on ${verifiedAt.toISOString().slice(0, 10)}`);
    expect(await reminderOf(clusterId)).toEqual(later(366, verifiedAt));
  });

  it('When profiles are recently confirmed, drafts or archived, then no reminder is written for them', async () => {
    const confirmed = await registry.cluster({ publishedAt: daysAgo(800), lastVerifiedAt: daysAgo(30) });
    const draft = await registry.cluster({
      status: 'draft',
      publishedAt: null,
      lastVerifiedAt: daysAgo(800),
    });
    const archived = await registry.cluster({ status: 'archived', publishedAt: daysAgo(800) });
    const returned = await registry.cluster({ status: 'returned', publishedAt: daysAgo(800) });

    await remindStaleClusters(registry.deps);

    for (const id of [confirmed, draft, archived, returned]) expect(await reminderOf(id)).toBeNull();
  });

  it('When a change was read before a reminder was written, then the change is refused and the reminder is not lost', async () => {
    const clusterId = await registry.cluster({ publishedAt: daysAgo(500) });
    const { current, privilege } = await clusterForChange(registry.deps, SECRETARIAT, {
      id: clusterId,
      action: 'confirm',
      privilegeOf: () => 'secretariat',
      from: ['published'],
    });
    // The relay is stopped for the moment so the reminder stays in the outbox to be seen.
    const flush = registry.deps.relay.flush;
    registry.deps.relay.flush = async () => {};
    try {
      await remindStaleClusters(registry.deps);
    } finally {
      registry.deps.relay.flush = flush;
    }
    const next = { ...current, lastVerifiedAt: new Date(), version: current.version + 1 };
    const event = clusterUpdated(next, { subject: SECRETARIAT.subject, role: privilege }, ['lastVerifiedAt']);

    await expect(
      writeClusterChange(registry.deps, current, next, { lastVerifiedAt: next.lastVerifiedAt }, event),
    ).rejects.toMatchObject({ extensions: { code: 'INVALID_STATE' } });
    const stored = await registry.stored(clusterId);
    expect(stored?.version).toBe(current.version);
    expect(stored?.outbox.map((e) => e.type)).toEqual(['ccp.notifications.requested.v1']);
    await registry.deps.relay.flush(clusterId);
    expect((await registry.stored(clusterId))?.outbox).toEqual([]);
  });

  it('When more profiles are due than a run may remind, then managed profiles come first, the longest unverified first', async () => {
    const seeded = await registry.cluster({ origin: 'seeded', publishedAt: daysAgo(6000) });
    const registered = await registry.cluster({ origin: 'registered', publishedAt: daysAgo(5000) });

    expect(await remindStaleClusters(registry.deps, new Date(), 1)).toBe(1);
    expect(await reminderOf(registered)).not.toBeNull();
    expect(await reminderOf(seeded)).toBeNull();
  });

  it('When a cluster still has events waiting in its outbox, then the sweep leaves it for a later run', async () => {
    const clusterId = await registry.cluster({ publishedAt: daysAgo(500) });
    await registry.deps.clusters.updateOne({ _id: clusterId }, { $set: { outbox: [{ pending: true }] } });

    await remindStaleClusters(registry.deps);
    expect(await reminderOf(clusterId)).toBeNull();

    await registry.deps.clusters.updateOne({ _id: clusterId }, { $set: { outbox: [] } });
    await remindStaleClusters(registry.deps);
    expect(await reminderOf(clusterId)).not.toBeNull();
  });
});
