import { randomUUID } from 'node:crypto';
import { ANONYMOUS, type Caller, makeEvent, TOPICS, toMessage } from '@ccp/kit';
import { collectEvents, waitFor } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Accounts,
  asUser,
  coordinatorOf,
  managerOf,
  SECRETARIAT,
  startAccounts,
  tokenIn,
  waitForMail,
} from './helpers.js';

let accounts: Accounts;

const APPOINT = `mutation($u: ID!, $e: ID!) { appointCoordinator(userId: $u, economy: $e) { userId grants { role economyCode clusterId } } }`;
const GRANT_MANAGER = `mutation($u: ID!, $c: ID!) { grantClusterManager(userId: $u, clusterId: $c) { userId grants { role clusterId } } }`;
const INVITE = `mutation($c: ID!, $e: String!) { inviteCoManager(clusterId: $c, email: $e) }`;
const REVOKE = `mutation($u: ID!, $r: Role!, $c: ID, $e: ID) { revokeGrant(userId: $u, role: $r, clusterId: $c, economy: $e) { userId grants { role clusterId economyCode } } }`;
const AUDIT = `query($first: Int, $after: String) { auditLog(first: $first, after: $after) { totalCount nodes { id type subject actor economyCode } pageInfo { hasNextPage endCursor } } }`;
const GRANTED = 'ccp.accounts.user.granted.v1';
const REVOKED = 'ccp.accounts.user.revoked.v1';

const grantsOf = async (userId: string) => (await accounts.deps.repository.byId(userId))?.grants ?? [];

/** Registers a cluster the way registry announces it, and waits until accounts knows its economy. */
async function clusterRegistered(economy: string, registeredBy = 'anonymous') {
  const clusterId = `cluster-${randomUUID().slice(0, 8)}`;
  const event = makeEvent({
    service: 'registry',
    type: 'ccp.registry.cluster.registered.v1',
    subject: clusterId,
    sequence: 1,
    economy,
    actor: { subject: registeredBy, role: 'member' },
    data: {
      clusterId,
      economy,
      name: { en: `Cluster ${clusterId}`, ru: `Кластер ${clusterId}` },
      status: 'draft',
      registeredBy,
    },
  });
  await accounts.producer.send({ topic: TOPICS.cluster, messages: [toMessage(event)] });
  await waitFor(() => accounts.deps.clusterFactRepository.byId(clusterId).then((f) => f ?? undefined), {
    what: `the facts of ${clusterId}`,
  });
  return { clusterId, event };
}

beforeAll(async () => {
  accounts = await startAccounts('accounts_grants', { consumers: true });
});

afterAll(async () => {
  await accounts?.stop();
});

describe('registry events', () => {
  it('When a signed-in user registers a cluster, then accounts makes them its manager once, even when the event comes again', async () => {
    const registrar = await accounts.register();
    const collector = await collectEvents(
      kafka(),
      TOPICS.user,
      (e) => e.subject === registrar.id && e.type === GRANTED,
    );
    await collector.start();

    const { clusterId, event } = await clusterRegistered('PE', registrar.id);
    await accounts.producer.send({ topic: TOPICS.cluster, messages: [toMessage(event)] });

    const { event: granted } = (await collector.done)[0];
    expect(granted).toMatchObject({
      actor: 'system',
      actorrole: 'system',
      data: { role: 'cluster-manager', clusterId },
    });
    expect(await grantsOf(registrar.id)).toEqual([
      expect.objectContaining({ role: 'cluster-manager', clusterId }),
    ]);
    await waitFor(async () =>
      (await accounts.deps.clusterFacts.findById(clusterId).lean())?.applied.eventId === event.id
        ? true
        : undefined,
    );
    expect((await accounts.deps.users.findById(registrar.id).lean())?.version).toBe(2);
  });

  it('When an anonymous caller or an unknown id registered the cluster, then nobody becomes its manager', async () => {
    const { clusterId } = await clusterRegistered('PE', 'anonymous');

    expect(await accounts.deps.users.countDocuments({ 'grants.clusterId': clusterId })).toBe(0);
  });
});

describe('appointCoordinator', () => {
  it('When the secretariat appoints a coordinator, then the grant is stored and its event names the secretariat as actor', async () => {
    const user = await accounts.register();
    const collector = await collectEvents(
      kafka(),
      TOPICS.user,
      (e) => e.subject === user.id && e.type === GRANTED,
    );
    await collector.start();

    const { data, errors } = await accounts.run(APPOINT, { u: user.id, e: 'MY' }, SECRETARIAT);

    expect(errors).toBeUndefined();
    expect(data.appointCoordinator).toEqual({
      userId: user.id,
      grants: [{ role: 'ECONOMY_COORDINATOR', economyCode: 'MY', clusterId: null }],
    });
    const { event } = (await collector.done)[0];
    expect(event).toMatchObject({ economy: 'MY', actor: SECRETARIAT.subject, actorrole: 'secretariat' });
  });

  it.each([
    ['a coordinator', 'FORBIDDEN', coordinatorOf('MY')],
    ['a cluster manager', 'FORBIDDEN', managerOf('cluster-x')],
    [
      'an API client',
      'FORBIDDEN',
      { subject: 'api-key:1', kind: 'api-client', grants: [{ role: 'analyst' }] } as Caller,
    ],
    ['an anonymous caller', 'UNAUTHENTICATED', ANONYMOUS],
  ])('When %s appoints a coordinator, then %s and nothing changes', async (_, code, caller) => {
    const user = await accounts.register();

    const { errors } = await accounts.run(APPOINT, { u: user.id, e: 'MY' }, caller);

    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(await grantsOf(user.id)).toEqual([]);
  });

  it('When a member tries to make itself coordinator, cluster manager or co-manager, then every attempt is refused', async () => {
    const member = await accounts.registerVerified();
    const { clusterId } = await clusterRegistered('TH');
    const self = asUser(member.id);

    const results = await Promise.all([
      accounts.run(APPOINT, { u: member.id, e: 'TH' }, self),
      accounts.run(GRANT_MANAGER, { u: member.id, c: clusterId }, self),
      accounts.run(INVITE, { c: clusterId, e: member.email }, self),
    ]);

    expect(results.map((r) => r.errors?.[0]?.extensions?.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
    expect(await grantsOf(member.id)).toEqual([]);
  });

  it('When the economy is not an APEC code, then BAD_USER_INPUT names economy', async () => {
    const user = await accounts.register();
    const { errors } = await accounts.run(APPOINT, { u: user.id, e: 'XX' }, SECRETARIAT);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'economy' });
  });
});

describe('grantClusterManager', () => {
  it("When the coordinator of the cluster's economy grants, then the user manages the cluster and the event's actor is a coordinator", async () => {
    const { clusterId } = await clusterRegistered('VN');
    const user = await accounts.register();
    const collector = await collectEvents(
      kafka(),
      TOPICS.user,
      (e) => e.subject === user.id && e.type === GRANTED,
    );
    await collector.start();

    const { data, errors } = await accounts.run(
      GRANT_MANAGER,
      { u: user.id, c: clusterId },
      coordinatorOf('VN'),
    );

    expect(errors).toBeUndefined();
    expect(data.grantClusterManager.grants).toEqual([{ role: 'CLUSTER_MANAGER', clusterId }]);
    expect((await collector.done)[0].event).toMatchObject({
      actor: 'coordinator-VN',
      actorrole: 'coordinator',
    });
  });

  it('When the secretariat grants, then it is allowed', async () => {
    const { clusterId } = await clusterRegistered('VN');
    const user = await accounts.register();
    const { errors } = await accounts.run(GRANT_MANAGER, { u: user.id, c: clusterId }, SECRETARIAT);
    expect(errors).toBeUndefined();
    expect(await grantsOf(user.id)).toEqual([
      expect.objectContaining({ role: 'cluster-manager', clusterId }),
    ]);
  });

  it.each([
    ['the coordinator of another economy', 'FORBIDDEN', coordinatorOf('JP')],
    ['a manager of the cluster', 'FORBIDDEN', null],
    ['an anonymous caller', 'UNAUTHENTICATED', ANONYMOUS],
  ])('When %s grants, then %s and nothing changes', async (_, code, caller) => {
    const { clusterId } = await clusterRegistered('VN');
    const user = await accounts.register();

    const { errors } = await accounts.run(
      GRANT_MANAGER,
      { u: user.id, c: clusterId },
      caller ?? managerOf(clusterId),
    );

    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(await grantsOf(user.id)).toEqual([]);
  });

  it('When accounts has not heard of the cluster, then a coordinator is FORBIDDEN and the secretariat gets NOT_FOUND', async () => {
    const user = await accounts.register();

    const coordinator = await accounts.run(
      GRANT_MANAGER,
      { u: user.id, c: 'no-such-cluster' },
      coordinatorOf('VN'),
    );
    const secretariat = await accounts.run(GRANT_MANAGER, { u: user.id, c: 'no-such-cluster' }, SECRETARIAT);

    expect(coordinator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(secretariat.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('inviteCoManager', () => {
  it('When a manager invites a verified account, then it manages the cluster at once and is told by e-mail', async () => {
    const { clusterId } = await clusterRegistered('KR');
    const colleague = await accounts.registerVerified();

    const { data, errors } = await accounts.run(
      INVITE,
      { c: clusterId, e: colleague.email.toUpperCase() },
      managerOf(clusterId),
    );

    expect(errors).toBeUndefined();
    expect(data.inviteCoManager).toBe(true);
    expect(await grantsOf(colleague.id)).toEqual([
      expect.objectContaining({ role: 'cluster-manager', clusterId, grantedBy: `manager-${clusterId}` }),
    ]);
    const mail = await waitForMail(accounts.mailboxDir, colleague.email, (m) =>
      m.subject.includes('co-manage'),
    );
    expect(mail.text).toContain(`/clusters/${clusterId}`);
  });

  it('When a manager invites an address without an account, then the address gets the invitation and the role follows once it registers and verifies', async () => {
    const inviter = await accounts.register();
    const { clusterId } = await clusterRegistered('KR', inviter.id);
    const email = `invitee-${randomUUID().slice(0, 8)}@partner.example.org`;

    const { data } = await accounts.run(
      INVITE,
      { c: clusterId, e: email },
      asUser(inviter.id, [{ role: 'cluster-manager', clusterId }]),
    );
    expect(data.inviteCoManager).toBe(true);
    const invitation = await waitForMail(accounts.mailboxDir, email, (m) => m.subject.includes('invited'));
    expect(invitation.text).toContain('/register');
    expect(invitation.text).not.toContain('/unsubscribe');

    const invitee = await accounts.register({ email });
    expect(await grantsOf(invitee.id)).toEqual([]);
    const verification = await waitForMail(accounts.mailboxDir, email, (m) =>
      m.text.includes('/verify-email?token='),
    );
    await accounts.run(`mutation($t: String!) { verifyEmail(token: $t) }`, {
      t: tokenIn(verification, 'verify-email'),
    });

    expect(await grantsOf(invitee.id)).toEqual([
      expect.objectContaining({ role: 'cluster-manager', clusterId }),
    ]);
  });

  it('When the inviter lost the cluster before the invitee verified, then the invitation grants nothing', async () => {
    const inviter = await accounts.register();
    const { clusterId } = await clusterRegistered('KR', inviter.id);
    const email = `late-${randomUUID().slice(0, 8)}@partner.example.org`;
    await accounts.run(
      INVITE,
      { c: clusterId, e: email },
      asUser(inviter.id, [{ role: 'cluster-manager', clusterId }]),
    );
    await accounts.run(REVOKE, { u: inviter.id, r: 'CLUSTER_MANAGER', c: clusterId }, SECRETARIAT);

    const invitee = await accounts.registerVerified({ email });

    expect(await grantsOf(invitee.id)).toEqual([]);
  });

  it.each([
    ['a manager of another cluster', 'FORBIDDEN', managerOf('cluster-elsewhere')],
    ['the coordinator of another economy', 'FORBIDDEN', coordinatorOf('JP')],
    ['an anonymous caller', 'UNAUTHENTICATED', ANONYMOUS],
  ])('When %s invites, then %s and no invitation is stored', async (_, code, caller) => {
    const { clusterId } = await clusterRegistered('KR');
    const before = await accounts.deps.invitations.countDocuments();

    const { errors } = await accounts.run(INVITE, { c: clusterId, e: 'someone@partner.example.org' }, caller);

    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(await accounts.deps.invitations.countDocuments()).toBe(before);
  });
});

describe('revokeGrant', () => {
  async function managerOfNewCluster(economy = 'CA') {
    const { clusterId } = await clusterRegistered(economy);
    const user = await accounts.register();
    await accounts.run(GRANT_MANAGER, { u: user.id, c: clusterId }, SECRETARIAT);
    return { clusterId, user };
  }

  it('When a manager steps down from its own cluster, then the role is gone and the revoked event says so', async () => {
    const { clusterId, user } = await managerOfNewCluster();
    const collector = await collectEvents(
      kafka(),
      TOPICS.user,
      (e) => e.subject === user.id && e.type === REVOKED,
    );
    await collector.start();

    const { data, errors } = await accounts.run(
      REVOKE,
      { u: user.id, r: 'CLUSTER_MANAGER', c: clusterId },
      asUser(user.id, [{ role: 'cluster-manager', clusterId }]),
    );

    expect(errors).toBeUndefined();
    expect(data.revokeGrant.grants).toEqual([]);
    const { event } = (await collector.done)[0];
    expect(event).toMatchObject({
      actor: user.id,
      actorrole: 'manager',
      data: { userId: user.id, role: 'cluster-manager', clusterId, revokedBy: user.id },
    });
  });

  it("When the coordinator of the cluster's economy removes a manager, then it is allowed", async () => {
    const { clusterId, user } = await managerOfNewCluster('CA');
    const { errors } = await accounts.run(
      REVOKE,
      { u: user.id, r: 'CLUSTER_MANAGER', c: clusterId },
      coordinatorOf('CA'),
    );
    expect(errors).toBeUndefined();
    expect(await grantsOf(user.id)).toEqual([]);
  });

  it('When a manager removes a fellow manager, or another economy’s coordinator does, then FORBIDDEN and the role stays', async () => {
    const { clusterId, user } = await managerOfNewCluster('CA');

    const fellow = await accounts.run(
      REVOKE,
      { u: user.id, r: 'CLUSTER_MANAGER', c: clusterId },
      managerOf(clusterId),
    );
    const foreign = await accounts.run(
      REVOKE,
      { u: user.id, r: 'CLUSTER_MANAGER', c: clusterId },
      coordinatorOf('US'),
    );

    expect(fellow.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await grantsOf(user.id)).toHaveLength(1);
  });

  it('When the secretariat removes a coordinator, then it is allowed; when a coordinator tries, then FORBIDDEN', async () => {
    const user = await accounts.register();
    await accounts.run(APPOINT, { u: user.id, e: 'NZ' }, SECRETARIAT);

    const denied = await accounts.run(
      REVOKE,
      { u: user.id, r: 'ECONOMY_COORDINATOR', e: 'NZ' },
      asUser(user.id, [{ role: 'economy-coordinator', economy: 'NZ' }]),
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await grantsOf(user.id)).toHaveLength(1);

    const allowed = await accounts.run(
      REVOKE,
      { u: user.id, r: 'ECONOMY_COORDINATOR', e: 'NZ' },
      SECRETARIAT,
    );
    expect(allowed.errors).toBeUndefined();
    expect(await grantsOf(user.id)).toEqual([]);
  });

  it('When the user does not have the role, then nothing changes and no event is sent', async () => {
    const user = await accounts.register();
    const collector = await collectEvents(
      kafka(),
      TOPICS.user,
      (e) => e.subject === user.id && e.type === REVOKED,
      { timeoutMs: 3000 },
    );
    await collector.start();

    const { errors } = await accounts.run(
      REVOKE,
      { u: user.id, r: 'ECONOMY_COORDINATOR', e: 'NZ' },
      SECRETARIAT,
    );

    expect(errors).toBeUndefined();
    await expect(collector.done).rejects.toThrow(/saw 0\/1/);
  });
});

describe('auditLog', () => {
  it("When the secretariat acts, then its actions are in the audit log, newest first, and a coordinator's are not", async () => {
    const { clusterId } = await clusterRegistered('ID');
    const byCoordinator = await accounts.register();
    const bySecretariat = await accounts.register();
    await accounts.run(GRANT_MANAGER, { u: byCoordinator.id, c: clusterId }, coordinatorOf('ID'));
    await accounts.run(APPOINT, { u: bySecretariat.id, e: 'ID' }, SECRETARIAT);
    await accounts.run(REVOKE, { u: bySecretariat.id, r: 'ECONOMY_COORDINATOR', e: 'ID' }, SECRETARIAT);

    const entries = await waitFor(
      async () => {
        const { data } = await accounts.run(AUDIT, { first: 200 }, SECRETARIAT);
        const mine = data.auditLog.nodes.filter((n: { subject: string }) => n.subject === bySecretariat.id);
        return mine.length === 2 ? data.auditLog : undefined;
      },
      { what: 'the audit entries' },
    );

    const mine = entries.nodes.filter((n: { subject: string }) => n.subject === bySecretariat.id);
    expect(mine).toEqual([
      {
        id: expect.any(String),
        type: REVOKED,
        subject: bySecretariat.id,
        actor: SECRETARIAT.subject,
        economyCode: 'ID',
      },
      {
        id: expect.any(String),
        type: GRANTED,
        subject: bySecretariat.id,
        actor: SECRETARIAT.subject,
        economyCode: 'ID',
      },
    ]);
    expect(entries.nodes.some((n: { subject: string }) => n.subject === byCoordinator.id)).toBe(false);
  });

  it('When the log is read page by page, then the pages follow each other without overlap', async () => {
    await waitFor(async () => ((await accounts.deps.audit.countDocuments()) >= 3 ? true : undefined));

    const first = (await accounts.run(AUDIT, { first: 2 }, SECRETARIAT)).data.auditLog;
    const second = (await accounts.run(AUDIT, { first: 2, after: first.pageInfo.endCursor }, SECRETARIAT))
      .data.auditLog;

    expect(first.nodes).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(second.nodes.length).toBeGreaterThan(0);
    const ids = [...first.nodes, ...second.nodes].map((n: { id: string }) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['a coordinator', 'FORBIDDEN', coordinatorOf('ID')],
    ['a member', 'FORBIDDEN', asUser('member-1')],
    ['an anonymous caller', 'UNAUTHENTICATED', ANONYMOUS],
  ])('When %s reads the audit log, then %s', async (_, code, caller) => {
    const { data, errors } = await accounts.run(AUDIT, {}, caller);
    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(data).toBeNull();
  });

  it('When first is above 200, then BAD_USER_INPUT names first', async () => {
    const { errors } = await accounts.run(AUDIT, { first: 201 }, SECRETARIAT);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

function kafka() {
  return accounts.kafka;
}
