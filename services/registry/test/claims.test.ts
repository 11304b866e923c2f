import { randomUUID } from 'node:crypto';
import { ANONYMOUS, makeEvent, TOPICS } from '@ccp/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERASED_USER } from '../src/domain/erase-user.js';
import type { ClusterClaimDocument } from '../src/model/cluster-claim.js';
import {
  API_CLIENT,
  coordinatorOf,
  eventsDuring,
  managerOf,
  noEventDuring,
  type Registry,
  SECRETARIAT,
  someone,
  startRegistry,
} from './claims-harness.js';

const CLAIM = `mutation($c: ID!, $m: String!) {
  claimCluster(clusterId: $c, message: $m) { id userId message status createdAt decidedAt reason cluster { id claimable } }
}`;
const APPROVE = `mutation($id: ID!) { approveClusterClaim(id: $id) { id status decidedAt reason cluster { id claimable } } }`;
const REJECT = `mutation($id: ID!, $r: String!) { rejectClusterClaim(id: $id, reason: $r) { id status reason decidedAt } }`;
const CLAIMS = `query($s: ClaimStatus, $mine: Boolean, $first: Int) {
  clusterClaims(status: $s, mine: $mine, first: $first) { id userId status cluster { id } }
}`;
const CLAIMABLE = `query($id: ID!) { cluster(id: $id) { id claimable version } }`;
const HISTORY = `query($id: ID!) { cluster(id: $id) { history(first: 1) { action actor actorRole } } }`;

let registry: Registry;

const claimsOf = (clusterId: string) =>
  registry.deps.claims.claimModel.find({ clusterId }).lean<ClusterClaimDocument[]>();
const claimById = (id: string) => registry.deps.claims.claimModel.findById(id).lean<ClusterClaimDocument>();

async function claim(
  clusterId: string,
  caller = someone(),
  message = 'We run this cluster: I am its director.',
) {
  const { data, errors } = await registry.run(CLAIM, { c: clusterId, m: message }, caller);
  expect(errors).toBeUndefined();
  return { id: data.claimCluster.id as string, caller };
}

beforeAll(async () => {
  registry = await startRegistry('registry_claims');
});

afterAll(async () => {
  await registry?.stop();
});

describe('claimCluster', () => {
  it("When a signed-in user claims an imported cluster, then a pending claim is stored and the economy's coordinators are asked by a notification", async () => {
    const clusterId = await registry.cluster({ economy: 'PE' });
    const requester = someone();

    const { result, events } = await eventsDuring(
      registry,
      TOPICS.notifications,
      (e) => e.data?.economyCoordinatorsOf === 'PE' && e.data?.text?.en?.includes(`for ${clusterId}`),
      () => registry.run(CLAIM, { c: clusterId, m: `I manage it, ask me for ${clusterId}` }, requester),
    );

    expect(result.errors).toBeUndefined();
    expect(result.data.claimCluster).toMatchObject({
      userId: requester.subject,
      message: `I manage it, ask me for ${clusterId}`,
      status: 'PENDING',
      decidedAt: null,
      reason: null,
      cluster: { id: clusterId, claimable: true },
    });
    expect(events[0]).toMatchObject({
      type: 'ccp.notifications.requested.v1',
      source: '/ccp/registry',
      data: { kind: 'cluster-claim-requested', link: `/clusters/${clusterId}` },
    });
    expect(events[0].data.userIds).toBeUndefined();
    expect(await claimsOf(clusterId)).toEqual([
      expect.objectContaining({ userId: requester.subject, status: 'pending', outbox: [] }),
    ]);
  });

  it('When the cluster is seeded, then it can be claimed too; a registered one cannot', async () => {
    const seeded = await registry.cluster({ origin: 'seeded' });
    const registered = await registry.cluster({ origin: 'registered' });

    const ok = await registry.run(CLAIM, { c: seeded, m: 'Please' }, someone());
    const refused = await registry.run(CLAIM, { c: registered, m: 'Please' }, someone());

    expect(ok.errors).toBeUndefined();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', field: 'clusterId' });
    expect(await claimsOf(registered)).toEqual([]);
    expect((await registry.run(CLAIMABLE, { id: registered }, someone())).data.cluster.claimable).toBe(false);
  });

  it.each([
    ['an anonymous caller', 'UNAUTHENTICATED', ANONYMOUS],
    ['an API client', 'FORBIDDEN', API_CLIENT],
  ])('When %s claims a cluster, then %s and nothing is stored', async (_, code, caller) => {
    const clusterId = await registry.cluster();

    const { errors } = await registry.run(CLAIM, { c: clusterId, m: 'Mine' }, caller);

    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(await claimsOf(clusterId)).toEqual([]);
  });

  it('When the cluster is archived, then INVALID_STATE to whoever may see it and NOT_FOUND to others; nothing is stored', async () => {
    const archived = await registry.cluster({ economy: 'US', status: 'archived', publishedAt: null });

    const byCoordinator = await registry.run(CLAIM, { c: archived, m: 'Mine' }, coordinatorOf('US'));
    const byMember = await registry.run(CLAIM, { c: archived, m: 'Mine' }, someone());

    expect(byCoordinator.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      field: 'clusterId',
    });
    expect(byMember.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await claimsOf(archived)).toEqual([]);
  });

  it('When the cluster is an unpublished import or unknown, then NOT_FOUND to a member, and its coordinator may claim it', async () => {
    const draft = await registry.cluster({ economy: 'US', status: 'draft', publishedAt: null });

    const byMember = await registry.run(CLAIM, { c: draft, m: 'Mine' }, someone());
    const onUnknown = await registry.run(CLAIM, { c: `missing-${randomUUID()}`, m: 'Mine' }, someone());
    const byCoordinator = await registry.run(CLAIM, { c: draft, m: 'I run it myself' }, coordinatorOf('US'));

    expect(byMember.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(onUnknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(byCoordinator.errors).toBeUndefined();
    expect(await claimsOf(draft)).toEqual([expect.objectContaining({ userId: 'coordinator-US' })]);
  });

  it('When a user claims a cluster they already manage, then INVALID_STATE; someone else may claim it', async () => {
    const clusterId = await registry.cluster();

    const manager = await registry.run(CLAIM, { c: clusterId, m: 'Mine' }, managerOf(clusterId));
    const other = await registry.run(CLAIM, { c: clusterId, m: 'Mine' }, someone());

    expect(manager.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', field: 'clusterId' });
    expect(other.errors).toBeUndefined();
  });

  it('When a user claims the same cluster twice, even at once, then one claim is pending and the other is a CONFLICT', async () => {
    const clusterId = await registry.cluster();
    const requester = someone();

    const results = await Promise.all([
      registry.run(CLAIM, { c: clusterId, m: 'First' }, requester),
      registry.run(CLAIM, { c: clusterId, m: 'Second' }, requester),
    ]);
    const later = await registry.run(CLAIM, { c: clusterId, m: 'Third' }, requester);

    expect(results.filter((r) => r.errors === undefined)).toHaveLength(1);
    expect(results.find((r) => r.errors)?.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'clusterId',
    });
    expect(later.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await claimsOf(clusterId)).toHaveLength(1);
  });

  it('When a claim was rejected, then its requester may claim again', async () => {
    const clusterId = await registry.cluster({ economy: 'CL' });
    const first = await claim(clusterId);
    await registry.run(REJECT, { id: first.id, r: 'Tell us who you are' }, coordinatorOf('CL'));

    const again = await registry.run(CLAIM, { c: clusterId, m: 'I am the director' }, first.caller);

    expect(again.errors).toBeUndefined();
    expect((await claimsOf(clusterId)).map((c) => c.status).sort()).toEqual(['pending', 'rejected']);
  });

  it.each([
    ['message', { m: '' }],
    ['message', { m: 'x'.repeat(2001) }],
    ['message', { m: 'Hello <script>alert(1)</script>' }],
    ['message', { m: '<b>bold</b> claim' }],
    ['clusterId', { c: '' }],
    ['clusterId', { c: 'x'.repeat(101) }],
  ])(
    'When the claim has a bad %s, then BAD_USER_INPUT names it and nothing is stored',
    async (field, bad) => {
      const clusterId = await registry.cluster();

      const { errors } = await registry.run(CLAIM, { c: clusterId, m: 'A good message', ...bad }, someone());

      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await claimsOf(clusterId)).toEqual([]);
    },
  );

  it('When a claim is refused for bad input, then no notification leaves', async () => {
    const clusterId = await registry.cluster({ economy: 'NZ' });

    await noEventDuring(
      registry,
      TOPICS.notifications,
      (e) => e.data?.economyCoordinatorsOf === 'NZ',
      () => registry.run(CLAIM, { c: clusterId, m: '<img src=x onerror=alert(1)>' }, someone()),
    );
  });
});

describe('approveClusterClaim', () => {
  it("When the economy's coordinator approves a claim, then the cluster names its new manager in a versioned claimed event and history, and the other pending claims are rejected with a notice", async () => {
    const clusterId = await registry.cluster({ economy: 'MY' });
    const winner = await claim(clusterId);
    const loser = await claim(clusterId);
    const before = await registry.stored(clusterId);

    const { result, events } = await eventsDuring(
      registry,
      TOPICS.cluster,
      (e) => e.subject === clusterId && e.type === 'ccp.registry.cluster.claimed.v1',
      () => registry.run(APPROVE, { id: winner.id }, coordinatorOf('MY')),
    );

    expect(result.errors).toBeUndefined();
    expect(result.data.approveClusterClaim).toMatchObject({
      id: winner.id,
      status: 'APPROVED',
      reason: null,
      cluster: { id: clusterId, claimable: false },
    });
    const after = await registry.stored(clusterId);
    expect(after?.version).toBe(before!.version + 1);
    expect(after).toMatchObject({ claimedBy: winner.caller.subject, claimId: winner.id, outbox: [] });
    expect(events[0]).toMatchObject({
      sequence: after!.version,
      economy: 'MY',
      actor: 'coordinator-MY',
      actorrole: 'coordinator',
      data: {
        clusterId,
        economy: 'MY',
        status: 'published',
        userId: winner.caller.subject,
        claimId: winner.id,
      },
    });
    expect(
      (await registry.run(HISTORY, { id: clusterId }, coordinatorOf('MY'))).data.cluster.history,
    ).toEqual([{ action: 'CLAIMED', actor: 'coordinator-MY', actorRole: 'coordinator' }]);
    expect(await claimById(loser.id)).toMatchObject({
      status: 'rejected',
      reason: 'another claim was approved',
      decidedBy: 'coordinator-MY',
    });
    const again = await registry.run(CLAIM, { c: clusterId, m: 'Me too' }, someone());
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', field: 'clusterId' });
  });

  it('When a claim is approved, then the requester of the other pending claim is told why', async () => {
    const clusterId = await registry.cluster({ economy: 'TH' });
    const winner = await claim(clusterId);
    const loser = await claim(clusterId);

    const { events } = await eventsDuring(
      registry,
      TOPICS.notifications,
      (e) => e.data?.userIds?.includes(loser.caller.subject),
      () => registry.run(APPROVE, { id: winner.id }, SECRETARIAT),
    );

    expect(events[0]).toMatchObject({
      actorrole: 'secretariat',
      data: { kind: 'cluster-claim-decided', userIds: [loser.caller.subject] },
    });
    expect(events[0].data.text.en).toContain('another claim was approved');
  });

  it('When the secretariat approves, then the claimed event carries the secretariat as actor (audited)', async () => {
    const clusterId = await registry.cluster({ economy: 'JP' });
    const requested = await claim(clusterId);

    const { events } = await eventsDuring(
      registry,
      TOPICS.cluster,
      (e) => e.subject === clusterId && e.type === 'ccp.registry.cluster.claimed.v1',
      () => registry.run(APPROVE, { id: requested.id }, SECRETARIAT),
    );

    expect(events[0]).toMatchObject({ actor: SECRETARIAT.subject, actorrole: 'secretariat' });
  });

  it.each([
    ['a coordinator of another economy', 'FORBIDDEN', coordinatorOf('AU')],
    ["the cluster's manager", 'FORBIDDEN', null],
    ['a member', 'FORBIDDEN', someone()],
    ['an API client', 'FORBIDDEN', API_CLIENT],
    ['an anonymous caller', 'UNAUTHENTICATED', ANONYMOUS],
  ])('When %s approves a claim, then %s and nothing changes', async (_, code, caller) => {
    const clusterId = await registry.cluster({ economy: 'VN' });
    const requested = await claim(clusterId);
    const before = await registry.stored(clusterId);

    const { errors } = await registry.run(APPROVE, { id: requested.id }, caller ?? managerOf(clusterId));

    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect((await claimById(requested.id))?.status).toBe('pending');
    expect((await registry.stored(clusterId))?.version).toBe(before!.version);
  });

  it('When the claim is unknown or already decided, then NOT_FOUND or INVALID_STATE and no second event', async () => {
    const clusterId = await registry.cluster({ economy: 'MX' });
    const requested = await claim(clusterId);
    await registry.run(APPROVE, { id: requested.id }, coordinatorOf('MX'));
    const version = (await registry.stored(clusterId))!.version;

    const unknown = await registry.run(APPROVE, { id: randomUUID() }, coordinatorOf('MX'));
    const twice = await registry.run(APPROVE, { id: requested.id }, coordinatorOf('MX'));
    const rejectApproved = await registry.run(
      REJECT,
      { id: requested.id, r: 'Changed my mind' },
      coordinatorOf('MX'),
    );

    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', field: 'id' });
    expect(rejectApproved.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', field: 'id' });
    expect((await registry.stored(clusterId))!.version).toBe(version);
  });

  it('When the cluster was archived after the claim, then approving it is INVALID_STATE', async () => {
    const clusterId = await registry.cluster({ economy: 'PH' });
    const requested = await claim(clusterId);
    await registry.run(
      `mutation($id: ID!) { archiveCluster(id: $id, reason: "Dissolved") { id } }`,
      { id: clusterId },
      coordinatorOf('PH'),
    );

    const { errors } = await registry.run(APPROVE, { id: requested.id }, coordinatorOf('PH'));

    expect(errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    expect((await registry.stored(clusterId))?.claimedBy ?? null).toBeNull();
  });

  it('When the claim was left pending by a crash after the cluster was written, then approving again finishes it without a second event', async () => {
    const clusterId = await registry.cluster({ economy: 'SG' });
    const requested = await claim(clusterId);
    const other = await claim(clusterId);
    await registry.run(APPROVE, { id: requested.id }, coordinatorOf('SG'));
    // As if the process had stopped right after the cluster's write.
    await registry.deps.claims.claimModel.updateOne(
      { _id: requested.id },
      {
        $set: { status: 'pending', decidedAt: null, pendingKey: `${clusterId}:${requested.caller.subject}` },
      },
    );
    await registry.deps.claims.claimModel.updateOne(
      { _id: other.id },
      { $set: { status: 'pending', reason: null, pendingKey: `${clusterId}:${other.caller.subject}` } },
    );
    const version = (await registry.stored(clusterId))!.version;

    const { data, errors } = await registry.run(APPROVE, { id: requested.id }, coordinatorOf('SG'));

    expect(errors).toBeUndefined();
    expect(data.approveClusterClaim.status).toBe('APPROVED');
    expect((await registry.stored(clusterId))!.version).toBe(version);
    expect((await claimById(other.id))?.status).toBe('rejected');
  });
});

describe('rejectClusterClaim', () => {
  it('When the coordinator rejects a claim, then it is rejected with the reason and the requester is notified with it', async () => {
    const clusterId = await registry.cluster({ economy: 'KR' });
    const requested = await claim(clusterId);
    const before = await registry.stored(clusterId);

    const { result, events } = await eventsDuring(
      registry,
      TOPICS.notifications,
      (e) => e.data?.userIds?.includes(requested.caller.subject),
      () =>
        registry.run(REJECT, { id: requested.id, r: 'We know the director personally' }, coordinatorOf('KR')),
    );

    expect(result.errors).toBeUndefined();
    expect(result.data.rejectClusterClaim).toMatchObject({
      status: 'REJECTED',
      reason: 'We know the director personally',
    });
    expect(events[0]).toMatchObject({
      actor: 'coordinator-KR',
      actorrole: 'coordinator',
      data: { kind: 'cluster-claim-decided', userIds: [requested.caller.subject] },
    });
    expect(events[0].data.text.en).toContain('We know the director personally');
    expect((await registry.stored(clusterId))?.version).toBe(before!.version);
    expect((await registry.run(CLAIMABLE, { id: clusterId }, someone())).data.cluster.claimable).toBe(true);
  });

  it.each([
    ['a coordinator of another economy', 'FORBIDDEN', coordinatorOf('AU')],
    ["the cluster's manager", 'FORBIDDEN', null],
    ['the requester', 'FORBIDDEN', 'requester'],
    ['an anonymous caller', 'UNAUTHENTICATED', ANONYMOUS],
  ])('When %s rejects a claim, then %s and it stays pending', async (_, code, who) => {
    const clusterId = await registry.cluster({ economy: 'KR' });
    const requested = await claim(clusterId);
    const caller = who === 'requester' ? requested.caller : (who ?? managerOf(clusterId));

    const { errors } = await registry.run(REJECT, { id: requested.id, r: 'No' }, caller as never);

    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(await claimById(requested.id)).toMatchObject({ status: 'pending', reason: null, outbox: [] });
  });

  it.each([[''], ['x'.repeat(2001)], ['<a href="x">see</a>']])(
    'When the reason is bad (%#), then BAD_USER_INPUT names reason and the claim stays pending',
    async (reason) => {
      const clusterId = await registry.cluster({ economy: 'KR' });
      const requested = await claim(clusterId);

      const { errors } = await registry.run(REJECT, { id: requested.id, r: reason }, coordinatorOf('KR'));

      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      expect(await claimById(requested.id)).toMatchObject({ status: 'pending', outbox: [] });
    },
  );
});

describe('clusterClaims', () => {
  it('When coordinators, the secretariat and requesters list claims, then each sees exactly what is theirs to see', async () => {
    const inBrunei = await registry.cluster({ economy: 'BN' });
    const inPeru = await registry.cluster({ economy: 'PE' });
    const requester = someone();
    const bruneiClaim = await claim(inBrunei, requester);
    const peruClaim = await claim(inPeru);

    const coordinator = await registry.run(CLAIMS, {}, coordinatorOf('BN'));
    const secretariat = await registry.run(CLAIMS, { first: 200 }, SECRETARIAT);
    const mine = await registry.run(CLAIMS, { mine: true }, requester);

    expect(coordinator.data.clusterClaims.map((c: { id: string }) => c.id)).toContain(bruneiClaim.id);
    expect(coordinator.data.clusterClaims.map((c: { id: string }) => c.id)).not.toContain(peruClaim.id);
    expect(coordinator.data.clusterClaims[0]).toMatchObject({ cluster: { id: inBrunei } });
    const all = secretariat.data.clusterClaims.map((c: { id: string }) => c.id);
    expect(all).toEqual(expect.arrayContaining([bruneiClaim.id, peruClaim.id]));
    expect(mine.data.clusterClaims).toEqual([
      { id: bruneiClaim.id, userId: requester.subject, status: 'PENDING', cluster: { id: inBrunei } },
    ]);
  });

  it('When claims are listed by status, then only claims in that status come, newest first', async () => {
    const clusterId = await registry.cluster({ economy: 'CA' });
    const rejected = await claim(clusterId);
    await registry.run(REJECT, { id: rejected.id, r: 'Unknown person' }, coordinatorOf('CA'));
    const pending = await claim(clusterId);

    const { data } = await registry.run(CLAIMS, { s: 'REJECTED' }, coordinatorOf('CA'));
    const pendingList = await registry.run(CLAIMS, { s: 'PENDING', first: 1 }, coordinatorOf('CA'));

    expect(data.clusterClaims.map((c: { id: string }) => c.id)).toEqual([rejected.id]);
    expect(pendingList.data.clusterClaims.map((c: { id: string }) => c.id)).toEqual([pending.id]);
  });

  it.each([
    ['a member without mine', 'FORBIDDEN', someone(), {}],
    ['a cluster manager', 'FORBIDDEN', managerOf('any-cluster'), {}],
    ['an API client', 'FORBIDDEN', API_CLIENT, { mine: true }],
    ['an anonymous caller', 'UNAUTHENTICATED', ANONYMOUS, { mine: true }],
  ])('When %s lists claims, then %s', async (_, code, caller, variables) => {
    const { errors } = await registry.run(CLAIMS, variables, caller);
    expect(errors?.[0]?.extensions?.code).toBe(code);
  });

  it.each([[-1], [201]])('When first is %i, then BAD_USER_INPUT names first', async (first) => {
    const { errors } = await registry.run(CLAIMS, { first }, SECRETARIAT);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('erasure', () => {
  it("When a requester's account is erased, then their pending claims go and their approved claim and the cluster no longer name them", async () => {
    const approvedOn = await registry.cluster({ economy: 'CN' });
    const pendingOn = await registry.cluster({ economy: 'CN' });
    const requester = someone();
    const approved = await claim(approvedOn, requester);
    const pending = await claim(pendingOn, requester);
    await registry.run(APPROVE, { id: approved.id }, coordinatorOf('CN'));

    await registry.server.applyUserEvent(
      makeEvent({
        service: 'accounts',
        type: 'ccp.accounts.user.erased.v1',
        subject: requester.subject,
        sequence: 9,
        data: { userId: requester.subject },
      }),
    );

    expect(await claimById(pending.id)).toBeNull();
    expect(await claimById(approved.id)).toMatchObject({ userId: ERASED_USER, message: '' });
    expect((await registry.stored(approvedOn))?.claimedBy).toBe(ERASED_USER);
  });
});
