import { randomUUID } from 'node:crypto';
import { ANONYMOUS, type Caller, type CloudEvent, EventValidator, makeEvent, TOPICS } from '@ccp/kit';
import { collectEvents, testLogger } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchmakingEnv } from '../src/config.js';
import { agreeCollaboration } from '../src/domain/agree-collaboration.js';
import { DueMatchRequests, MatchRequestExpirySweep } from '../src/domain/request-expiry.js';
import { collaborationIdOf } from '../src/model/collaboration.js';
import type { MatchRequestDocument } from '../src/model/match-request.js';
import {
  apiClient,
  codes,
  coordinatorOf,
  managerOf,
  member,
  newCluster,
  secretariat,
  startMatchmaking,
  type TestCluster,
  user,
} from './harness.js';

const REQUEST_FIELDS = `id status fromClusterId toClusterId message createdAt expiresAt decidedAt reply
  collaboration { id clusterIds economyCodes origin originId agreedAt clusters { id } }
  messages { id fromClusterId fromCluster { id } authorUserId text sentAt }`;
const REQUEST_MATCH = `mutation Request($input: RequestMatchInput!) { requestMatch(input: $input) { ${REQUEST_FIELDS} } }`;
const ACCEPT = `mutation Accept($id: ID!, $message: String) {
  acceptMatchRequest(id: $id, message: $message) { ${REQUEST_FIELDS} }
}`;
const DECLINE = `mutation Decline($id: ID!, $reason: String) {
  declineMatchRequest(id: $id, reason: $reason) { ${REQUEST_FIELDS} }
}`;
const WITHDRAW = `mutation Withdraw($id: ID!) { withdrawMatchRequest(id: $id) { ${REQUEST_FIELDS} } }`;
const SEND_MESSAGE = `mutation Send($input: SendMatchMessageInput!) { sendMatchMessage(input: $input) { ${REQUEST_FIELDS} } }`;
const READ_REQUEST = `query Read($id: ID!) { matchRequest(id: $id) { ${REQUEST_FIELDS} } }`;
const READ_COLLABORATION = `query Collaboration($id: ID!) {
  collaboration(id: $id) { id clusterIds economyCodes origin originId agreedAt clusters { id } }
}`;
const CLUSTER_FIELDS = `query Clusters($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Cluster { id matches { id status } collaborations { id origin } collaborationCount }
    ... on MatchRequest { id status }
    ... on Collaboration { id }
  }
}`;

const DAY_MS = 86_400_000;
const validator = new EventValidator();
let h: Awaited<ReturnType<typeof startMatchmaking>>;

beforeAll(async () => {
  h = await startMatchmaking('match_requests');
});

afterAll(async () => {
  await h?.stop();
});

type Result = { data?: any; errors?: any[] };

async function pair(fromEconomy = 'PE', toEconomy = 'JP'): Promise<[TestCluster, TestCluster]> {
  return [
    await h.publishedCluster(newCluster(fromEconomy, [], `Sender ${randomUUID().slice(0, 6)}`)),
    await h.publishedCluster(newCluster(toEconomy, [], `Receiver ${randomUUID().slice(0, 6)}`)),
  ];
}

const send = (from: TestCluster, to: TestCluster, message?: string, caller: Caller = managerOf(from.id)) =>
  h.execute(REQUEST_MATCH, { input: { fromClusterId: from.id, toClusterId: to.id, message } }, caller);

async function sent(from: TestCluster, to: TestCluster, message?: string) {
  const { data, errors } = await send(from, to, message);
  expect(errors).toBeUndefined();
  return data.requestMatch as { id: string; [field: string]: any };
}

const accept = (id: string, caller: Caller, message?: string) => h.execute(ACCEPT, { id, message }, caller);
const decline = (id: string, caller: Caller, reason?: string) => h.execute(DECLINE, { id, reason }, caller);
const withdraw = (id: string, caller: Caller) => h.execute(WITHDRAW, { id }, caller);
const sendMessage = (input: Record<string, unknown>, caller: Caller) =>
  h.execute(SEND_MESSAGE, { input }, caller);
const read = (id: string, caller: Caller) => h.execute(READ_REQUEST, { id }, caller);
const stored = (id: string) => h.server.deps.matchRequests.findById(id).lean<MatchRequestDocument>();

const errorOf = (result: Result) => result.errors?.[0]?.extensions;

/** Starts listening on a topic for `count` events that match; `done` has them. */
async function listen(topic: string, matches: (e: any) => boolean, count = 1, timeoutMs = 20_000) {
  const collector = await collectEvents(h.kafka, topic, matches, { count, timeoutMs });
  await collector.start();
  return { events: async () => (await collector.done).map((c) => c.event as CloudEvent) };
}

function expectValid(events: CloudEvent[]) {
  for (const event of events) expect(validator.validate(event)).toEqual({ ok: true, event });
}

const noticeTo = (clusterId: string) => (e: any) => e.data?.clusterManagersOf === clusterId;

describe('sending a match request', () => {
  it('When a published cluster asks another, then it is PENDING for 14 days, announced on Kafka and the asked managers are notified', async () => {
    const [from, to] = await pair('PE', 'JP');
    const requests = await listen(TOPICS.request, (e) => e.data?.fromClusterId === from.id);
    const notices = await listen(TOPICS.notifications, noticeTo(to.id));

    const request = await sent(from, to, 'Shall we meet about functional-food ingredients?');

    expect(request).toMatchObject({ status: 'PENDING', decidedAt: null, reply: null, messages: [] });
    expect(Date.parse(request.expiresAt) - Date.parse(request.createdAt)).toBe(14 * DAY_MS);
    const [sentEvent] = await requests.events();
    const [notice] = await notices.events();
    expectValid([sentEvent!, notice!]);
    expect(sentEvent).toMatchObject({
      type: 'ccp.matchmaking.request.sent.v1',
      subject: request.id,
      sequence: 1,
      economy: 'PE',
      data: { toClusterId: to.id, status: 'pending' },
    });
    expect(notice).toMatchObject({
      type: 'ccp.notifications.requested.v1',
      data: {
        kind: 'match-request',
        clusterManagersOf: to.id,
        link: `/matchmaking/requests/${request.id}`,
      },
    });
    expect(notice?.data.text).toMatchObject({ en: expect.stringContaining('functional-food ingredients') });
  });

  it('When a cluster asks itself, then BAD_USER_INPUT names toClusterId and nothing is stored', async () => {
    const [from] = await pair();
    const before = await h.server.deps.matchRequests.countDocuments();

    const result = await send(from, from);

    expect(errorOf(result)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toClusterId' });
    expect(await h.server.deps.matchRequests.countDocuments()).toBe(before);
  });

  it('When a request between the two clusters is pending, then another in either direction is refused with CONFLICT naming toClusterId', async () => {
    const [a, b] = await pair('CL', 'MX');
    const first = await sent(a, b);
    const before = await h.server.deps.matchRequests.countDocuments();

    const again = await send(a, b);
    const reverse = await send(b, a);

    for (const result of [again, reverse]) {
      expect(errorOf(result)).toMatchObject({ code: 'CONFLICT', field: 'toClusterId', requestId: first.id });
    }
    expect(await h.server.deps.matchRequests.countDocuments()).toBe(before);
  });

  it('When both sides of five pairs ask each other at the same moment, then exactly one request per pair is stored', async () => {
    const pairs = await Promise.all([1, 2, 3, 4, 5].map(() => pair('AU', 'NZ')));

    const rounds = await Promise.all(
      pairs.map(([a, b]) => Promise.all([send(a, b), send(b, a), send(a, b)])),
    );

    for (const [i, results] of rounds.entries()) {
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(codes(results.filter((r) => r.errors))).toEqual(['CONFLICT', 'CONFLICT']);
      const [a] = pairs[i]!;
      expect(await h.server.deps.matchRequests.countDocuments({ clusterIds: a.id })).toBe(1);
    }
  });

  it('When the sender or receiver is unknown or not published, then BAD_USER_INPUT names that side', async () => {
    const [from] = await pair();
    const draft = await h.registeredCluster(newCluster('JP'));

    const unknown = await send(from, newCluster('JP'));
    const notPublished = await send(from, draft);

    expect(errorOf(unknown)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toClusterId' });
    expect(errorOf(notPublished)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toClusterId' });
  });
});

describe('accepting a match request', () => {
  it('When the asked cluster accepts, then the request is ACCEPTED, a collaboration is recorded, both are announced and the sender is notified', async () => {
    const [from, to] = await pair('PE', 'JP');
    const requestEvents = await listen(TOPICS.request, (e) => e.data?.fromClusterId === from.id, 2);
    const collaborationEvents = await listen(TOPICS.collaboration, (e) => e.data?.clusterIds?.[0] === from.id);
    const senderNotices = await listen(TOPICS.notifications, noticeTo(from.id));
    const request = await sent(from, to);

    const { data, errors } = await accept(request.id, managerOf(to.id), 'Glad to: see you in Lima.');

    expect(errors).toBeUndefined();
    const accepted = data.acceptMatchRequest;
    const collaborationId = collaborationIdOf('match-request', request.id);
    expect(accepted).toMatchObject({
      status: 'ACCEPTED',
      reply: 'Glad to: see you in Lima.',
      collaboration: {
        id: collaborationId,
        clusterIds: [from.id, to.id],
        economyCodes: ['PE', 'JP'],
        origin: 'MATCH_REQUEST',
        originId: request.id,
        clusters: [{ id: from.id }, { id: to.id }],
      },
    });
    expect(accepted.decidedAt).toBe(accepted.collaboration.agreedAt);
    const [sentEvent, acceptedEvent] = await requestEvents.events();
    const [agreed] = await collaborationEvents.events();
    const [notice] = await senderNotices.events();
    expectValid([sentEvent!, acceptedEvent!, agreed!, notice!]);
    expect(acceptedEvent).toMatchObject({
      type: 'ccp.matchmaking.request.accepted.v1',
      subject: request.id,
      sequence: 2,
      economy: 'PE',
      actor: managerOf(to.id).subject,
      actorrole: 'manager',
      data: { fromEconomy: 'PE', toEconomy: 'JP', collaborationId, acceptedAt: accepted.decidedAt },
    });
    expect(agreed).toMatchObject({
      type: 'ccp.matchmaking.collaboration.agreed.v1',
      subject: collaborationId,
      sequence: 1,
      economy: 'PE',
      data: {
        collaborationId,
        clusterIds: [from.id, to.id],
        economies: ['PE', 'JP'],
        origin: 'match-request',
        originId: request.id,
        agreedAt: accepted.decidedAt,
      },
    });
    expect(notice?.data).toMatchObject({ kind: 'match-request-accepted' });
    expect(notice?.data.text).toMatchObject({ en: expect.stringContaining('see you in Lima') });
  });

  it('When a request was accepted, then both clusters list the collaboration, anyone sees the count and the stores answer by cluster id', async () => {
    const [from, to] = await pair('SG', 'TH');
    const request = await sent(from, to);
    await accept(request.id, managerOf(to.id));
    const reps = [from, to].map((c) => ({ __typename: 'Cluster', id: c.id }));

    const bySecretariat = await h.execute(CLUSTER_FIELDS, { reps }, secretariat);
    const byMember = await h.execute(CLUSTER_FIELDS, { reps }, member);

    for (const side of bySecretariat.data._entities) {
      expect(side).toMatchObject({
        matches: [{ id: request.id, status: 'ACCEPTED' }],
        collaborations: [{ id: collaborationIdOf('match-request', request.id), origin: 'MATCH_REQUEST' }],
        collaborationCount: 1,
      });
    }
    for (const side of byMember.data._entities) {
      expect(side).toMatchObject({ matches: [], collaborations: [], collaborationCount: 1 });
    }
    expect(await h.server.deps.collaborationRepository.partnerIdsOf(from.id)).toEqual([to.id]);
    expect((await h.server.deps.matchRequestRepository.acceptedOf(to.id)).map((r) => r.id)).toEqual([
      request.id,
    ]);
  });

  it('When an accepted request is accepted or declined again, then INVALID_STATE names id and no second collaboration appears', async () => {
    const [from, to] = await pair();
    const request = await sent(from, to);
    await accept(request.id, managerOf(to.id));
    const version = (await stored(request.id))?.version;

    const again = await accept(request.id, managerOf(to.id));
    const declined = await decline(request.id, managerOf(to.id));

    for (const result of [again, declined]) {
      expect(errorOf(result)).toMatchObject({ code: 'INVALID_STATE', field: 'id', status: 'accepted' });
    }
    expect((await stored(request.id))?.version).toBe(version);
    expect(await h.server.deps.collaborations.countDocuments({ clusterIds: from.id })).toBe(1);
  });

  it('When the two clusters already collaborate, then a new request between them is refused with INVALID_STATE naming toClusterId', async () => {
    const [from, to] = await pair();
    const request = await sent(from, to);
    await accept(request.id, managerOf(to.id));

    const reverse = await send(to, from);

    expect(errorOf(reverse)).toMatchObject({
      code: 'INVALID_STATE',
      field: 'toClusterId',
      collaborationId: collaborationIdOf('match-request', request.id),
    });
  });

  it("When the asked cluster's coordinator or the secretariat accepts, then it is accepted with their role as actor", async () => {
    const [from, to] = await pair('KR', 'VN');
    const [from2, to2] = await pair('KR', 'VN');
    const first = await sent(from, to);
    const second = await sent(from2, to2);
    const events = await listen(
      TOPICS.request,
      (e) => e.type === 'ccp.matchmaking.request.accepted.v1' && [first.id, second.id].includes(e.subject),
      2,
    );

    const byCoordinator = await accept(first.id, coordinatorOf('VN'));
    const bySecretariat = await accept(second.id, secretariat);

    expect(byCoordinator.errors).toBeUndefined();
    expect(bySecretariat.errors).toBeUndefined();
    const roles = (await events.events()).map((e) => [e.actor, e.actorrole]).sort();
    expect(roles).toEqual([
      ['user-coordinator-VN', 'coordinator'],
      ['user-secretariat', 'secretariat'],
    ]);
  });

  it("When the sender's manager, another economy's coordinator, a member or an API client accepts, then FORBIDDEN; anonymous gets UNAUTHENTICATED; nothing changes", async () => {
    const [from, to] = await pair('CA', 'US');
    const request = await sent(from, to);
    const before = await stored(request.id);
    const events = await h.watchNone(TOPICS.request, (e) => e.subject === request.id);

    const results = await Promise.all(
      [managerOf(from.id), coordinatorOf('CA'), member, apiClient, ANONYMOUS].map((c) => accept(request.id, c)),
    );

    expect(codes(results)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
    expect(await stored(request.id)).toEqual(before);
    expect(await h.server.deps.collaborations.countDocuments({ clusterIds: from.id })).toBe(0);
    await events.expectNone();
  });

  it('When the request is accepted, declined and withdrawn at the same moment, then exactly one decision is stored', async () => {
    const [from, to] = await pair('JP', 'KR');
    const request = await sent(from, to);

    const results = await Promise.all([
      accept(request.id, managerOf(to.id)),
      decline(request.id, managerOf(to.id)),
      withdraw(request.id, managerOf(from.id)),
    ]);

    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    const doc = await stored(request.id);
    expect(codes(results.filter((r) => r.errors))).toEqual(['INVALID_STATE', 'INVALID_STATE']);
    for (const loser of results.filter((r) => r.errors)) expect(errorOf(loser)?.status).toBe(doc?.status);
    expect(doc?.version).toBe(2);
    expect(await h.server.deps.collaborations.countDocuments({ clusterIds: from.id })).toBe(
      doc?.status === 'accepted' ? 1 : 0,
    );
  });

  it('When the id is unknown or not a string, or the message too long, then a typed error names the field and nothing changes', async () => {
    const [from, to] = await pair();
    const request = await sent(from, to);
    const before = await stored(request.id);

    const unknown = await accept(randomUUID(), managerOf(to.id));
    const operator = await h.server.apollo.executeOperation(
      { query: `mutation { acceptMatchRequest(id: "") { id } }` },
      { contextValue: await h.server.context(managerOf(to.id)) },
    );
    const tooLong = await accept(request.id, managerOf(to.id), 'x'.repeat(2001));

    expect(errorOf(unknown)).toMatchObject({ code: 'NOT_FOUND' });
    expect(operator.body.kind === 'single' && operator.body.singleResult.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
    expect(errorOf(tooLong)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'message' });
    expect(await stored(request.id)).toEqual(before);
  });
});

describe('declining and withdrawing', () => {
  it('When the asked cluster declines with a reason, then DECLINED is announced without the reason, the sender is told it and the pair may ask again', async () => {
    const [from, to] = await pair('HK', 'TW');
    const events = await listen(TOPICS.request, (e) => e.data?.fromClusterId === from.id, 2);
    const notices = await listen(TOPICS.notifications, noticeTo(from.id));
    const request = await sent(from, to);

    const { data, errors } = await decline(request.id, managerOf(to.id), 'Our members have no capacity this year.');
    const afterwards = await send(to, from);

    expect(errors).toBeUndefined();
    expect(data.declineMatchRequest).toMatchObject({
      status: 'DECLINED',
      reply: 'Our members have no capacity this year.',
      collaboration: null,
    });
    const [, declined] = await events.events();
    const [notice] = await notices.events();
    expectValid([declined!, notice!]);
    expect(declined).toMatchObject({
      type: 'ccp.matchmaking.request.declined.v1',
      sequence: 2,
      data: { requestId: request.id, declinedAt: data.declineMatchRequest.decidedAt },
    });
    expect(JSON.stringify(declined?.data)).not.toContain('capacity');
    expect(notice?.data).toMatchObject({
      kind: 'match-request-declined',
      text: { en: expect.stringContaining('no capacity this year') },
    });
    expect(afterwards.errors).toBeUndefined();
    expect(await h.server.deps.collaborations.countDocuments({ clusterIds: from.id })).toBe(0);
  });

  it('When the sender declines its own request, then FORBIDDEN and it stays pending', async () => {
    const [from, to] = await pair();
    const request = await sent(from, to);

    const result = await decline(request.id, managerOf(from.id));

    expect(errorOf(result)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await stored(request.id))?.status).toBe('pending');
  });

  it('When the sender withdraws, then WITHDRAWN is announced, the asked cluster is told and acting on it afterwards is INVALID_STATE', async () => {
    const [from, to] = await pair('PH', 'ID');
    const events = await listen(TOPICS.request, (e) => e.data?.fromClusterId === from.id, 2);
    const notices = await listen(
      TOPICS.notifications,
      (e) => noticeTo(to.id)(e) && e.data.kind === 'match-request-withdrawn',
    );
    const request = await sent(from, to);

    const byReceiver = await withdraw(request.id, managerOf(to.id));
    const { data, errors } = await withdraw(request.id, managerOf(from.id));
    const acceptAfter = await accept(request.id, managerOf(to.id));

    expect(errorOf(byReceiver)).toMatchObject({ code: 'FORBIDDEN' });
    expect(errors).toBeUndefined();
    expect(data.withdrawMatchRequest).toMatchObject({ status: 'WITHDRAWN' });
    const [, withdrawn] = await events.events();
    const [notice] = await notices.events();
    expectValid([withdrawn!, notice!]);
    expect(withdrawn).toMatchObject({
      type: 'ccp.matchmaking.request.withdrawn.v1',
      actor: managerOf(from.id).subject,
      data: { requestId: request.id, withdrawnAt: data.withdrawMatchRequest.decidedAt },
    });
    expect(errorOf(acceptAfter)).toMatchObject({ code: 'INVALID_STATE', field: 'id', status: 'withdrawn' });
  });

  it('When a decline reason is too long, then BAD_USER_INPUT names reason and the request stays as it was', async () => {
    const [from, to] = await pair();
    const request = await sent(from, to);
    const before = await stored(request.id);

    const result = await decline(request.id, managerOf(to.id), 'x'.repeat(2001));

    expect(errorOf(result)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await stored(request.id)).toEqual(before);
  });
});

describe('the conversation on a request', () => {
  it('When both sides write while pending and after acceptance, then the thread keeps each message in order and the other side is notified', async () => {
    const [from, to] = await pair('RU', 'CN');
    const toReceiver = await listen(TOPICS.notifications, (e) => noticeTo(to.id)(e) && e.data.kind === 'match-message');
    const toSender = await listen(TOPICS.notifications, (e) => noticeTo(from.id)(e) && e.data.kind === 'match-message');
    const request = await sent(from, to);

    const first = await sendMessage({ requestId: request.id, text: 'Which week suits you?' }, managerOf(from.id));
    await accept(request.id, managerOf(to.id));
    const second = await sendMessage({ requestId: request.id, text: 'The second week of May.' }, managerOf(to.id));

    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    expect(second.data.sendMatchMessage.messages).toMatchObject([
      { fromClusterId: from.id, fromCluster: { id: from.id }, authorUserId: managerOf(from.id).subject, text: 'Which week suits you?' },
      { fromClusterId: to.id, authorUserId: managerOf(to.id).subject, text: 'The second week of May.' },
    ]);
    const [receiverNotice] = await toReceiver.events();
    const [senderNotice] = await toSender.events();
    expectValid([receiverNotice!, senderNotice!]);
    expect(receiverNotice?.data.text).toMatchObject({ en: expect.stringContaining('Which week suits you?') });
    expect(senderNotice?.data.text).toMatchObject({ en: expect.stringContaining('The second week of May.') });
    expect((await stored(request.id))?.version).toBe(4);
  });

  it('When someone outside both clusters writes, then FORBIDDEN (anonymous: UNAUTHENTICATED) and nothing is added', async () => {
    const [from, to] = await pair('MY', 'BN');
    const request = await sent(from, to);
    const other = await h.publishedCluster(newCluster('MY'));
    const input = { requestId: request.id, text: 'Hello' };

    const results = await Promise.all(
      [managerOf(other.id), coordinatorOf('AU'), member, ANONYMOUS].map((c) => sendMessage(input, c)),
    );

    expect(codes(results)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
    expect((await stored(request.id))?.messages).toEqual([]);
  });

  it('When the secretariat writes, then it names the cluster it writes for; a cluster of neither side is BAD_USER_INPUT', async () => {
    const [from, to] = await pair();
    const request = await sent(from, to);

    const unnamed = await sendMessage({ requestId: request.id, text: 'On whose behalf?' }, secretariat);
    const wrong = await sendMessage(
      { requestId: request.id, text: 'Hello', fromClusterId: randomUUID() },
      secretariat,
    );
    const named = await sendMessage(
      { requestId: request.id, text: 'The secretariat can help with travel.', fromClusterId: to.id },
      secretariat,
    );

    expect(errorOf(unnamed)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromClusterId' });
    expect(errorOf(wrong)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromClusterId' });
    expect(named.data.sendMatchMessage.messages).toMatchObject([
      { fromClusterId: to.id, authorUserId: 'user-secretariat' },
    ]);
  });

  it('When the text is blank or too long, or the request was declined, then a typed error names the field and nothing is added', async () => {
    const [from, to] = await pair();
    const request = await sent(from, to);

    const blank = await sendMessage({ requestId: request.id, text: '   ' }, managerOf(from.id));
    const tooLong = await sendMessage({ requestId: request.id, text: 'x'.repeat(4001) }, managerOf(from.id));
    await decline(request.id, managerOf(to.id));
    const afterDecline = await sendMessage({ requestId: request.id, text: 'Why?' }, managerOf(from.id));

    expect(errorOf(blank)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(errorOf(tooLong)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(errorOf(afterDecline)).toMatchObject({ code: 'INVALID_STATE', field: 'requestId', status: 'declined' });
    expect((await stored(request.id))?.messages).toEqual([]);
  });
});

describe('who may read a request and its collaboration', () => {
  let from: TestCluster;
  let to: TestCluster;
  let requestId: string;
  let collaborationId: string;

  beforeAll(async () => {
    [from, to] = await pair('CL', 'PG');
    requestId = (await sent(from, to)).id;
    await sendMessage({ requestId, text: 'Hello from Chile' }, managerOf(from.id));
    await accept(requestId, managerOf(to.id));
    collaborationId = collaborationIdOf('match-request', requestId);
  });

  it("When either cluster's managers, either economy's coordinators or the secretariat read, then they see the request, its messages and its collaboration", async () => {
    const readers = [managerOf(from.id), managerOf(to.id), coordinatorOf('CL'), coordinatorOf('PG'), secretariat];

    for (const reader of readers) {
      const request = await read(requestId, reader);
      const collaboration = await h.execute(READ_COLLABORATION, { id: collaborationId }, reader);
      expect(request.data.matchRequest).toMatchObject({
        id: requestId,
        messages: [{ text: 'Hello from Chile' }],
        collaboration: { id: collaborationId },
      });
      expect(collaboration.data.collaboration).toMatchObject({ id: collaborationId, originId: requestId });
    }
  });

  it("When another cluster's manager, another economy's coordinator, a member or anonymous read, then null (also as entities) and empty lists", async () => {
    const other = await h.publishedCluster(newCluster('CL'));
    const strangers = [managerOf(other.id), coordinatorOf('JP'), member, ANONYMOUS];

    for (const stranger of strangers) {
      const request = await read(requestId, stranger);
      const collaboration = await h.execute(READ_COLLABORATION, { id: collaborationId }, stranger);
      const entities = await h.execute(
        CLUSTER_FIELDS,
        {
          reps: [
            { __typename: 'Cluster', id: from.id },
            { __typename: 'MatchRequest', id: requestId },
            { __typename: 'Collaboration', id: collaborationId },
          ],
        },
        stranger,
      );
      expect(request).toEqual({ data: { matchRequest: null } });
      expect(collaboration).toEqual({ data: { collaboration: null } });
      expect(entities.data._entities).toEqual([
        { id: from.id, matches: [], collaborations: [], collaborationCount: 1 },
        null,
        null,
      ]);
    }
  });
});

describe('expiry', () => {
  let e: Awaited<ReturnType<typeof startMatchmaking>>;
  let sweep: MatchRequestExpirySweep;

  beforeAll(async () => {
    e = await startMatchmaking('match_expiry', { matchRequestExpiryDays: 3 });
    sweep = new MatchRequestExpirySweep(e.server.deps, testLogger());
  });

  afterAll(async () => {
    await e?.stop();
  });

  async function expiringPair() {
    const from = await e.publishedCluster(newCluster('PE'));
    const to = await e.publishedCluster(newCluster('JP'));
    const { data, errors } = await e.execute(
      REQUEST_MATCH,
      { input: { fromClusterId: from.id, toClusterId: to.id } },
      managerOf(from.id),
    );
    expect(errors).toBeUndefined();
    return { from, to, request: data.requestMatch as { id: string; createdAt: string; expiresAt: string } };
  }

  const storedIn = (id: string) => e.server.deps.matchRequests.findById(id).lean<MatchRequestDocument>();
  const overdue = (id: string) =>
    e.server.deps.matchRequests.updateOne({ _id: id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });

  it('When MATCH_REQUEST_EXPIRY_DAYS is set, then new requests expire after that many days; unset it is 14, and 0 is refused', () => {
    expect(matchmakingEnv.parse({}).MATCH_REQUEST_EXPIRY_DAYS).toBe(14);
    expect(matchmakingEnv.parse({ MATCH_REQUEST_EXPIRY_DAYS: '3' }).MATCH_REQUEST_EXPIRY_DAYS).toBe(3);
    expect(matchmakingEnv.safeParse({ MATCH_REQUEST_EXPIRY_DAYS: '0' }).success).toBe(false);
  });

  it('When the worker runs after the expiry, then the request is EXPIRED by system, announced, the sender told, and the pair may ask again', async () => {
    const { from, to, request } = await expiringPair();
    const events = await listen(TOPICS.request, (ev) => ev.subject === request.id);
    const notices = await listen(TOPICS.notifications, noticeTo(from.id));
    expect(Date.parse(request.expiresAt) - Date.parse(request.createdAt)).toBe(3 * DAY_MS);

    const early = await sweep.runOnce(new Date(Date.now() + 2 * DAY_MS));
    const stillPending = (await storedIn(request.id))?.status;
    const due = await sweep.runOnce(new Date(Date.now() + 4 * DAY_MS));

    expect(stillPending).toBe('pending');
    expect(early?.expired).toBe(0);
    expect(due?.expired).toBeGreaterThanOrEqual(1);
    const doc = await storedIn(request.id);
    expect(doc).toMatchObject({ status: 'expired', decidedBy: 'system' });
    expect(doc?.pendingKey).toBeUndefined();
    const [expired] = await events.events();
    const [notice] = await notices.events();
    expectValid([expired!, notice!]);
    expect(expired).toMatchObject({
      type: 'ccp.matchmaking.request.expired.v1',
      sequence: 2,
      actor: 'system',
      actorrole: 'system',
      data: { requestId: request.id, toClusterId: to.id },
    });
    expect(notice?.data).toMatchObject({ kind: 'match-request-expired' });
    const again = await e.execute(
      REQUEST_MATCH,
      { input: { fromClusterId: from.id, toClusterId: to.id } },
      managerOf(from.id),
    );
    expect(again.errors).toBeUndefined();
  });

  it('When someone acts on a request past its expiry before the worker, then INVALID_STATE names id and the request is expired then', async () => {
    const { from, to, request } = await expiringPair();
    const events = await listen(TOPICS.request, (ev) => ev.subject === request.id);
    await overdue(request.id);

    const readBefore = await e.execute(READ_REQUEST, { id: request.id }, managerOf(to.id));
    const storedBefore = (await storedIn(request.id))?.status;
    const accepted = await e.execute(ACCEPT, { id: request.id }, managerOf(to.id));
    const message = await e.execute(
      SEND_MESSAGE,
      { input: { requestId: request.id, text: 'Still there?' } },
      managerOf(from.id),
    );

    expect(readBefore.data.matchRequest).toMatchObject({ status: 'EXPIRED' });
    expect(storedBefore).toBe('pending');
    expect(errorOf(accepted)).toMatchObject({ code: 'INVALID_STATE', field: 'id', status: 'expired' });
    expect(errorOf(message)).toMatchObject({ code: 'INVALID_STATE', field: 'requestId', status: 'expired' });
    expect((await storedIn(request.id))?.status).toBe('expired');
    const [expired] = await events.events();
    expect(expired).toMatchObject({ type: 'ccp.matchmaking.request.expired.v1', actor: 'system' });
    expect(await e.server.deps.collaborations.countDocuments({ clusterIds: from.id })).toBe(0);
  });

  it('When a new request meets an overdue pending one of the same pair, then the old one expires and the new one is sent', async () => {
    const { from, to, request } = await expiringPair();
    await overdue(request.id);

    const reverse = await e.execute(
      REQUEST_MATCH,
      { input: { fromClusterId: to.id, toClusterId: from.id } },
      managerOf(to.id),
    );

    expect(reverse.errors).toBeUndefined();
    expect((await storedIn(request.id))?.status).toBe('expired');
  });

  it('When the service restarts, then the pending requests are read again and expire on time', async () => {
    const { request } = await expiringPair();
    const restarted = { ...e.server.deps, dueMatchRequests: new DueMatchRequests(3) };
    const afterRestart = new MatchRequestExpirySweep(restarted, testLogger());

    const reloaded = await afterRestart.reload();
    await afterRestart.runOnce(new Date(Date.now() + 4 * DAY_MS));

    expect(reloaded?.pending).toBeGreaterThanOrEqual(1);
    expect((await storedIn(request.id))?.status).toBe('expired');
  });

  it('When an acceptance was stored but its collaboration was not (a crash), then the reload writes the collaboration with its event', async () => {
    const { from, to, request } = await expiringPair();
    await e.execute(ACCEPT, { id: request.id }, managerOf(to.id));
    const collaborationId = collaborationIdOf('match-request', request.id);
    await e.server.deps.collaborations.deleteOne({ _id: collaborationId });
    const events = await listen(TOPICS.collaboration, (ev) => ev.subject === collaborationId);

    const reloaded = await sweep.reload();

    expect(reloaded?.repaired).toBe(1);
    const [agreed] = await events.events();
    expectValid([agreed!]);
    expect(agreed).toMatchObject({ data: { clusterIds: [from.id, to.id], originId: request.id } });
    expect(await e.server.deps.collaborations.countDocuments({ _id: collaborationId })).toBe(1);
  });
});

describe('agreeCollaboration (workshop meetings)', () => {
  it('When a workshop meeting is agreed, then a collaboration is recorded, announced and both sides notified; a retry creates nothing new', async () => {
    const [a, b] = await pair('AU', 'SG');
    const meetingId = randomUUID();
    const events = await listen(TOPICS.collaboration, (ev) => ev.data?.originId === meetingId);
    const notices = await listen(
      TOPICS.notifications,
      (ev) => [a.id, b.id].includes(ev.data?.clusterManagersOf) && ev.data.kind === 'collaboration-agreed',
      2,
    );
    const at = new Date('2031-03-10T04:00:00Z');
    const actor = { subject: 'user-coordinator-SG', role: 'coordinator' as const };

    const first = await agreeCollaboration(h.server.deps, {
      clusterIds: [a.id, b.id],
      origin: 'workshop-meeting',
      originId: meetingId,
      at,
      actor,
    });
    const retry = await agreeCollaboration(h.server.deps, {
      clusterIds: [a.id, b.id],
      origin: 'workshop-meeting',
      originId: meetingId,
      at,
    });
    const otherMeeting = await agreeCollaboration(h.server.deps, {
      clusterIds: [b.id, a.id],
      origin: 'workshop-meeting',
      originId: randomUUID(),
      at,
    });

    expect(first).toMatchObject({
      created: true,
      collaboration: { clusterIds: [a.id, b.id], economies: ['AU', 'SG'], origin: 'workshop-meeting', agreedAt: at },
    });
    expect(retry).toEqual({ ...first, created: false });
    expect(otherMeeting).toEqual({ ...first, created: false });
    const [agreed] = await events.events();
    expectValid([agreed!, ...(await notices.events())]);
    expect(agreed).toMatchObject({
      subject: first.collaboration.id,
      time: at.toISOString(),
      actor: 'user-coordinator-SG',
      actorrole: 'coordinator',
      data: { origin: 'workshop-meeting', originId: meetingId, economies: ['AU', 'SG'] },
    });
    expect(await h.server.deps.collaborations.countDocuments({ clusterIds: a.id })).toBe(1);
    expect(errorOf(await send(a, b))).toMatchObject({ code: 'INVALID_STATE', field: 'toClusterId' });
  });

  it('When the clusters are the same or unknown, or the origin is not one of the list, then BAD_USER_INPUT names the field and nothing is stored', async () => {
    const [a] = await pair();
    const before = await h.server.deps.collaborations.countDocuments();
    const agree = (input: Record<string, unknown>) =>
      agreeCollaboration(h.server.deps, {
        clusterIds: [a.id, randomUUID()],
        origin: 'workshop-meeting',
        originId: randomUUID(),
        at: new Date(),
        ...input,
      } as never).then(
        () => undefined,
        (err) => err.extensions,
      );

    expect(await agree({ clusterIds: [a.id, a.id] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clusterIds' });
    expect(await agree({})).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clusterIds.1' });
    expect(await agree({ origin: 'handshake' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'origin' });
    expect(await h.server.deps.collaborations.countDocuments()).toBe(before);
  });
});

describe("a user's erasure", () => {
  it("When a manager who wrote and decided is erased, then their id becomes 'erased-user' in messages and decisions, and again changes nothing", async () => {
    const [from, to] = await pair('TH', 'VN');
    const leaving = user(`user-${randomUUID()}`, [{ role: 'cluster-manager', clusterId: to.id }]);
    const request = await sent(from, to);
    await sendMessage({ requestId: request.id, text: 'From the one who leaves' }, leaving);
    await sendMessage({ requestId: request.id, text: 'From the one who stays' }, managerOf(from.id));
    await accept(request.id, leaving);
    const erased = makeEvent({
      service: 'accounts',
      type: 'ccp.accounts.user.erased.v1',
      subject: leaving.subject,
      sequence: 3,
      data: { userId: leaving.subject, erasedAt: new Date().toISOString() },
    });

    expect(await h.server.applyUserEvent(erased)).toBe('applied');
    const once = await stored(request.id);
    await h.server.applyUserEvent(erased);

    expect(once?.decidedBy).toBe('erased-user');
    expect(once?.messages.map((m) => m.authorUserId)).toEqual(['erased-user', managerOf(from.id).subject]);
    expect(await stored(request.id)).toEqual(once);
  });
});
