import { randomUUID } from 'node:crypto';
import { EventValidator, makeEvent, SYSTEM_ACTOR, TOPICS, toMessage } from '@ccp/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../src/domain/grant-role.js';
import { revokeRole } from '../src/domain/revoke-role.js';
import { CLUSTER_CLAIMED, clusterFactsHandler } from '../src/events/cluster-facts.js';
import { requestNotification } from '../src/events/notification-events.js';
import { type Accounts, mailsTo, startAccounts, waitForMail } from './helpers.js';

let accounts: Accounts;

const grantsOf = async (userId: string) => (await accounts.deps.repository.byId(userId))?.grants ?? [];

/** A claimed event as registry emits it when a coordinator approves a claim. */
function clusterClaimed(clusterId: string, userId: string, sequence = 3) {
  return makeEvent({
    service: 'registry',
    type: CLUSTER_CLAIMED,
    subject: clusterId,
    sequence,
    economy: 'PE',
    actor: { subject: 'coordinator-PE', role: 'coordinator' },
    data: {
      clusterId,
      economy: 'PE',
      name: { en: `Imported ${clusterId}`, ru: `Импортированный ${clusterId}` },
      status: 'published',
      region: null,
      location: null,
      specializations: [],
      userId,
      claimId: randomUUID(),
      claimedAt: new Date().toISOString(),
    },
  });
}

const newClusterId = () => `cluster-${randomUUID().slice(0, 8)}`;

async function manage(userId: string, clusterId: string) {
  await grantRole(accounts.deps, userId, { role: 'cluster-manager', clusterId }, { notification: null });
}

beforeAll(async () => {
  accounts = await startAccounts('accounts_cluster_claims', { consumers: true });
});

afterAll(async () => {
  await accounts?.stop();
});

describe('claimed clusters', () => {
  it('When registry announces an approved claim, then accounts makes the requester a manager once and tells them, even when the event comes again', async () => {
    const requester = await accounts.register();
    const clusterId = newClusterId();
    const event = clusterClaimed(clusterId, requester.id);
    expect(new EventValidator().validate(event)).toEqual({ ok: true, event });
    const handle = clusterFactsHandler(accounts.deps);

    const first = await handle(event);
    const again = await handle(event);

    expect([first, again]).toEqual(['applied', 'skipped']);
    expect(await grantsOf(requester.id)).toEqual([
      expect.objectContaining({ role: 'cluster-manager', clusterId, grantedBy: 'system' }),
    ]);
    expect((await accounts.deps.users.findById(requester.id).lean())?.version).toBe(2);
    const mail = await waitForMail(accounts.mailboxDir, requester.email, (m) =>
      m.subject.includes('You now manage'),
    );
    expect(mail.subject).toBe(`You now manage Imported ${clusterId}`);
  });

  it('When the claimed event is replayed after the manager stepped down, then the role is not given back', async () => {
    const requester = await accounts.register();
    const clusterId = newClusterId();
    const event = clusterClaimed(clusterId, requester.id);
    const handle = clusterFactsHandler(accounts.deps);
    await handle(event);
    await revokeRole(accounts.deps, requester.id, { role: 'cluster-manager', clusterId }, SYSTEM_ACTOR);

    expect(await handle(event)).toBe('skipped');
    expect(await grantsOf(requester.id)).toEqual([]);
  });

  it('When the claimed event names an unknown user, then nobody becomes its manager and the fact is still kept', async () => {
    const clusterId = newClusterId();

    const result = await clusterFactsHandler(accounts.deps)(
      clusterClaimed(clusterId, `nobody-${randomUUID()}`),
    );

    expect(result).toBe('applied');
    expect(await accounts.deps.users.countDocuments({ 'grants.clusterId': clusterId })).toBe(0);
    expect(await accounts.deps.clusterFactRepository.byId(clusterId)).toMatchObject({ economy: 'PE' });
  });
});

describe('notifications to the holders of a role', () => {
  it("When a message is requested for a cluster's managers, then each of them gets it with the sender as Reply-To, and nobody else does", async () => {
    const clusterId = newClusterId();
    const [first, second, elsewhere, sender] = await Promise.all([
      accounts.register(),
      accounts.register(),
      accounts.register(),
      accounts.register({ name: 'Olga Petrova' }),
    ]);
    await manage(first.id, clusterId);
    await manage(second.id, clusterId);
    await manage(elsewhere.id, newClusterId());
    const subject = `Partnership ${randomUUID().slice(0, 8)}`;

    const outcomes = await accounts.deps.notifier.deliver(
      {
        kind: 'cluster-message',
        clusterManagersOf: clusterId,
        replyToUserId: sender.id,
        subject: { en: subject },
        text: { en: 'Shall we meet in Lima?' },
      },
      randomUUID(),
    );

    expect(outcomes).toEqual(['sent', 'sent']);
    for (const manager of [first, second]) {
      const [mail] = (await mailsTo(accounts.mailboxDir, manager.email)).filter((m) => m.subject === subject);
      expect(mail?.text).toContain('Shall we meet in Lima?');
      expect(mail?.headers).toMatch(new RegExp(`^Reply-To: Olga Petrova <${sender.email}>$`, 'im'));
      expect(mail?.to).toBe(manager.email);
    }
    for (const other of [elsewhere, sender]) {
      expect((await mailsTo(accounts.mailboxDir, other.email)).filter((m) => m.subject === subject)).toEqual(
        [],
      );
    }
  });

  it('When a request names no sender, then the e-mail has no Reply-To', async () => {
    const clusterId = newClusterId();
    const manager = await accounts.register();
    await manage(manager.id, clusterId);
    const subject = `Reminder ${randomUUID().slice(0, 8)}`;

    await accounts.deps.notifier.deliver({
      kind: 'cluster-stale-reminder',
      clusterManagersOf: clusterId,
      subject: { en: subject },
      text: { en: 'Please confirm your profile.' },
    });

    const [mail] = (await mailsTo(accounts.mailboxDir, manager.email)).filter((m) => m.subject === subject);
    expect(mail?.headers).not.toMatch(/^Reply-To:/im);
  });

  it("When a request names an economy's coordinators, then the coordinators of that economy get it and no one else", async () => {
    const [coordinator, otherCoordinator] = await Promise.all([accounts.register(), accounts.register()]);
    await grantRole(
      accounts.deps,
      coordinator.id,
      { role: 'economy-coordinator', economy: 'PG' },
      { notification: null },
    );
    await grantRole(
      accounts.deps,
      otherCoordinator.id,
      { role: 'economy-coordinator', economy: 'PE' },
      { notification: null },
    );
    const subject = `Claim ${randomUUID().slice(0, 8)}`;

    const outcomes = await accounts.deps.notifier.deliver({
      kind: 'cluster-claim-requested',
      economyCoordinatorsOf: 'PG',
      subject: { en: subject },
      text: { en: 'Someone asks to manage a cluster.' },
    });

    expect(outcomes).toContain('sent');
    expect((await mailsTo(accounts.mailboxDir, coordinator.email)).some((m) => m.subject === subject)).toBe(
      true,
    );
    expect(
      (await mailsTo(accounts.mailboxDir, otherCoordinator.email)).some((m) => m.subject === subject),
    ).toBe(false);
  });

  it("When registry's request for a cluster's managers comes through Kafka twice, then each manager gets it once", async () => {
    const clusterId = newClusterId();
    const manager = await accounts.register();
    await manage(manager.id, clusterId);
    const subject = `Via Kafka ${randomUUID().slice(0, 8)}`;
    const event = requestNotification(
      {
        kind: 'cluster-message',
        clusterManagersOf: clusterId,
        subject: { en: subject },
        text: { en: 'Hello' },
      },
      'registry',
    );

    await accounts.producer.send({ topic: TOPICS.notifications, messages: [toMessage(event)] });
    await waitForMail(accounts.mailboxDir, manager.email, (m) => m.subject === subject);
    await accounts.producer.send({ topic: TOPICS.notifications, messages: [toMessage(event)] });
    await new Promise((r) => setTimeout(r, 1000));

    expect(
      (await mailsTo(accounts.mailboxDir, manager.email)).filter((m) => m.subject === subject),
    ).toHaveLength(1);
  });

  it('When a request names no recipient at all (only a Reply-To), then its schema refuses it', () => {
    const event = makeEvent({
      service: 'registry',
      type: 'ccp.notifications.requested.v1',
      subject: randomUUID(),
      sequence: 1,
      data: { kind: 'cluster-message', replyToUserId: 'someone', subject: { en: 'Hi' }, text: { en: 'Hi' } },
    });

    expect(new EventValidator().validate(event).ok).toBe(false);
  });
});
