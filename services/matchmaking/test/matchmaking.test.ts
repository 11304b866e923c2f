import { randomUUID } from 'node:crypto';
import {
  ANONYMOUS,
  type Caller,
  type CallerVerifier,
  type CloudEvent,
  createSubgraphHandler,
  EventValidator,
  listen,
  makeEvent,
  TOPICS,
  toMessage,
} from '@ccp/kit';
import {
  collectEvents,
  connectedProducer,
  ensureTopics,
  freshDatabase,
  testCallerKeys,
  testKafka,
  testLogger,
  waitFor,
} from '@ccp/kit/testing';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterFactsDocument } from '../src/model/cluster-facts.js';
import { createServer } from '../src/server.js';

const PUBLISH_OFFER = `mutation Publish($input: PublishCooperationOfferInput!) {
  publishCooperationOffer(input: $input) {
    id kind title { en ru } description { en } sectors targetEconomies deadline status clusterId economyCode createdAt
    cluster { id }
  }
}`;
const OFFERS = `query Offers($filter: CooperationOfferFilter, $first: Int, $after: String) {
  cooperationOffers(filter: $filter, first: $first, after: $after) {
    nodes { id kind } totalCount pageInfo { hasNextPage endCursor }
  }
}`;
const REQUEST_MATCH = `mutation Request($input: RequestMatchInput!) {
  requestMatch(input: $input) { id status fromClusterId toClusterId message fromCluster { id } toCluster { id } }
}`;
const SCHEDULE = `mutation Schedule($input: ScheduleWorkshopInput!) {
  scheduleWorkshop(input: $input) {
    id title { en } hostEconomyCode hostEconomy { code } startsAt endsAt timeZone venue online capacity
  }
}`;
const CLUSTER_FIELDS = `query Cluster($reps: [_Any!]!, $first: Int) {
  _entities(representations: $reps) {
    ... on Cluster {
      id
      cooperationOffers { id status }
      suggestedPartners(first: $first) { cluster { id } score criteria { name weight contribution } }
      matches { id status fromClusterId toClusterId }
    }
  }
}`;

// Codes and names unique to this run: the read model replays the whole registry topic, earlier runs included.
const run = randomUUID().slice(0, 8);
const kafka = testKafka();
const groupId = `ccp-matchmaking-test-${run}`;
const erasureGroupId = `ccp-matchmaking-erasure-test-${run}`;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;
let server: Awaited<ReturnType<typeof createServer>>;

const user = (subject: string, grants: Caller['grants'] = []): Caller => ({ subject, kind: 'user', grants });
const member = user('user-member');
const managerOf = (clusterId: string, subject = `user-manager-${clusterId.slice(0, 8)}`) =>
  user(subject, [{ role: 'cluster-manager', clusterId }]);
const coordinatorOf = (economy: string) =>
  user(`user-coordinator-${economy}`, [{ role: 'economy-coordinator', economy }]);
const secretariat = user('user-secretariat', [{ role: 'secretariat' }]);

async function execute(query: string, variables: Record<string, unknown> = {}, caller: Caller = member) {
  const res = await server.apollo.executeOperation(
    { query, variables },
    { contextValue: await server.context(caller) },
  );
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return res.body.singleResult as { data?: any; errors?: any[] };
}

type Input = Record<string, any>;

/** Mutations as the callers the rules let through unless a test names another. */
const publishOffer = (vars: { input: Input }, caller: Caller = managerOf(vars.input.clusterId)) =>
  execute(PUBLISH_OFFER, vars, caller);
const requestMatch = (vars: { input: Input }, caller: Caller = managerOf(vars.input.fromClusterId)) =>
  execute(REQUEST_MATCH, vars, caller);
const schedule = (vars: { input: Input }, caller: Caller = coordinatorOf(vars.input.hostEconomy)) =>
  execute(SCHEDULE, vars, caller);

interface TestCluster {
  id: string;
  economy: string;
  specializations: string[];
  name: string;
}

function newCluster(
  economy: string,
  specializations: string[] = [],
  name = `Cluster ${randomUUID().slice(0, 6)}`,
) {
  return { id: randomUUID(), economy, specializations, name } satisfies TestCluster;
}

/** The registry's events for a cluster, as registry builds them. */
function registryEvent(kind: 'registered' | 'published', c: TestCluster, sequence: number): CloudEvent {
  const facts = {
    clusterId: c.id,
    economy: c.economy,
    name: { en: c.name, ru: `Кластер ${c.name}` },
    status: kind === 'registered' ? 'draft' : 'published',
    region: 'Test region',
    location: { lat: 1.35, lng: 103.82 },
    specializations: c.specializations,
  };
  return makeEvent({
    service: 'registry',
    type: `ccp.registry.cluster.${kind}.v1`,
    subject: c.id,
    sequence,
    economy: c.economy,
    data:
      kind === 'registered'
        ? { ...facts, registeredBy: 'user-1' }
        : { ...facts, publishedAt: new Date().toISOString(), publishedBy: 'user-1' },
  });
}

// One partition for every test event, so the consumer sees them in the order sent.
async function sendRegistryEvents(events: CloudEvent[]) {
  await producer.send({
    topic: TOPICS.cluster,
    acks: -1,
    messages: events.map((e) => ({ ...toMessage(e), partition: 0 })),
  });
}

async function factsOf(id: string) {
  return server.deps.clusterFacts.model.findById(id).lean<ClusterFactsDocument>();
}

async function waitForFacts(id: string, sequence: number) {
  return waitFor(
    async () => {
      const doc = await factsOf(id);
      return doc && doc.applied.sequence >= sequence ? doc : undefined;
    },
    { what: `facts of cluster ${id} at sequence ${sequence}` },
  );
}

async function registered(c: TestCluster) {
  await sendRegistryEvents([registryEvent('registered', c, 1)]);
  await waitForFacts(c.id, 1);
  return c;
}

async function published(c: TestCluster) {
  await sendRegistryEvents([registryEvent('registered', c, 1), registryEvent('published', c, 2)]);
  await waitForFacts(c.id, 2);
  return c;
}

/** A value inside an event's data, for matching events on a topic. */
const dataAt = (event: Record<string, unknown>, ...path: string[]) =>
  path.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], event.data);

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

function offerInput(clusterId: string, overrides: Record<string, unknown> = {}) {
  return {
    clusterId,
    kind: 'OFFER',
    title: { en: `Pilot line for printed electronics ${run}`, ru: 'Пилотная линия печатной электроники' },
    description: { en: 'Shared access to a roll-to-roll pilot line for SMEs of partner clusters.' },
    sectors: ['electronics', 'ict.software'],
    targetEconomies: ['JP', 'KR'],
    deadline: inDays(30).toISOString().slice(0, 10),
    ...overrides,
  };
}

function workshopInput(overrides: Record<string, unknown> = {}) {
  return {
    title: { en: `Smart manufacturing B2B workshop ${run}` },
    hostEconomy: 'SG',
    startsAt: '2031-03-10T09:00:00+08:00',
    endsAt: '2031-03-11T17:00:00+08:00',
    timeZone: 'Asia/Singapore',
    venue: 'Marina Bay Sands Expo',
    capacity: 120,
    ...overrides,
  };
}

beforeAll(async () => {
  db = await freshDatabase('matchmaking');
  await ensureTopics(kafka);
  producer = await connectedProducer(kafka);
  server = await createServer({
    mongo: db,
    kafka,
    producer,
    validator: new EventValidator(),
    logger: testLogger(),
    consumerGroupId: groupId,
    erasureGroupId,
  });
  await server.apollo.start();
  await Promise.all(server.consumers.map((c) => c.start()));
});

afterAll(async () => {
  await Promise.allSettled((server?.consumers ?? []).map((c) => c.stop()));
  await server?.apollo.stop();
  await producer?.disconnect();
  await db?.drop();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId, erasureGroupId]).catch(() => {});
  await admin.disconnect();
});

describe('the cluster facts read model', () => {
  it('When registry registers and then publishes a cluster, then matchmaking keeps its facts with its status', async () => {
    const cluster = newCluster('TH', ['C29', 'C30'], `Eastern Seaboard Automotive ${run}`);

    await sendRegistryEvents([registryEvent('registered', cluster, 1)]);
    const draft = await waitForFacts(cluster.id, 1);
    await sendRegistryEvents([registryEvent('published', cluster, 2)]);
    const publishedFacts = await waitForFacts(cluster.id, 2);

    expect(draft.status).toBe('draft');
    expect(publishedFacts).toMatchObject({
      _id: cluster.id,
      economy: 'TH',
      names: { en: cluster.name, ru: `Кластер ${cluster.name}` },
      status: 'published',
      specializations: ['C29', 'C30'],
      region: 'Test region',
      location: { lat: 1.35, lng: 103.82 },
      applied: { sequence: 2 },
    });
  });

  it('When an event is delivered again or an older one arrives late, then the facts do not change', async () => {
    const cluster = newCluster('VN', ['C13'], `Hanoi Textile ${run}`);
    const publishedEvent = registryEvent('published', cluster, 2);
    await sendRegistryEvents([registryEvent('registered', cluster, 1), publishedEvent]);
    const before = await waitForFacts(cluster.id, 2);

    const staleRegistration = registryEvent('registered', { ...cluster, name: `Renamed ${run}` }, 1);
    const sentinel = newCluster('PE');
    await sendRegistryEvents([publishedEvent, staleRegistration, registryEvent('registered', sentinel, 1)]);
    await waitForFacts(sentinel.id, 1);

    expect(before.applied.eventId).toBe(publishedEvent.id);
    expect(await factsOf(cluster.id)).toEqual(before);
    expect(await server.applyClusterEvent(publishedEvent)).toBe('skipped');
    expect(await factsOf(cluster.id)).toEqual(before);
  });
});

describe('registry changes after publication', () => {
  it('When registry reports an edit of a published cluster, then the facts follow with the new specializations', async () => {
    const cluster = await published(newCluster('KR', ['C26']));
    const facts = {
      clusterId: cluster.id,
      economy: 'KR',
      name: { en: cluster.name },
      region: null,
      location: null,
      specializations: ['C26', 'C27'],
    };
    const updated = makeEvent({
      service: 'registry',
      type: 'ccp.registry.cluster.updated.v1',
      subject: cluster.id,
      sequence: 3,
      economy: 'KR',
      data: { ...facts, status: 'published', changedFields: ['specializations'] },
    });
    const validator = new EventValidator();

    expect(validator.validate(updated)).toEqual({ ok: true, event: updated });
    await sendRegistryEvents([updated]);
    const after = await waitForFacts(cluster.id, 3);

    expect(after).toMatchObject({ status: 'published', specializations: ['C26', 'C27'] });
  });
});

describe('publishCooperationOffer', () => {
  let owner: TestCluster;
  let draft: TestCluster;

  beforeAll(async () => {
    owner = await published(newCluster('RU', ['C26'], `Zelenograd Microelectronics ${run}`));
    draft = await registered(newCluster('RU'));
  });

  it('When the input is valid, then an open offer is stored and its event reaches Kafka with the cluster economy', async () => {
    const title = `Joint R&D on MEMS sensors ${run}`;
    const collector = await collectEvents(kafka, TOPICS.offer, (e) => dataAt(e, 'title', 'en') === title);
    await collector.start();

    const { data, errors } = await publishOffer({
      input: offerInput(owner.id, { kind: 'PROJECT', title: { en: title } }),
    });

    expect(errors).toBeUndefined();
    const offer = data.publishCooperationOffer;
    expect(offer).toMatchObject({
      kind: 'PROJECT',
      title: { en: title, ru: null },
      sectors: ['electronics', 'ict.software'],
      targetEconomies: ['JP', 'KR'],
      status: 'OPEN',
      clusterId: owner.id,
      economyCode: 'RU',
      cluster: { id: owner.id },
    });
    const { event, headers } = (await collector.done)[0]!;
    expect(event).toMatchObject({
      type: 'ccp.matchmaking.offer.published.v1',
      source: '/ccp/matchmaking',
      subject: offer.id,
      sequence: 1,
      economy: 'RU',
      actor: managerOf(owner.id).subject,
      actorrole: 'manager',
      data: { offerId: offer.id, clusterId: owner.id, economy: 'RU', kind: 'project', status: 'open' },
    });
    expect(headers['content-type']).toBe('application/cloudevents+json');
    expect(new EventValidator().validate(event)).toEqual({ ok: true, event });
    expect((await server.deps.offers.findById(offer.id).lean())?.outbox).toEqual([]);
  });

  it('When the English title is blank, then a BAD_USER_INPUT error names title.en and nothing is stored', async () => {
    const before = await server.deps.offers.countDocuments();

    const { data, errors } = await publishOffer({
      input: offerInput(owner.id, { title: { en: '   ' } }),
    });

    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title.en' });
    expect(await server.deps.offers.countDocuments()).toBe(before);
  });

  it('When a target economy is not an APEC economy, then the error names it, nothing is stored and no event is sent', async () => {
    const title = `Offer to nowhere ${run}`;
    const collector = await collectEvents(kafka, TOPICS.offer, (e) => dataAt(e, 'title', 'en') === title, {
      timeoutMs: 3000,
    });
    await collector.start();
    const before = await server.deps.offers.countDocuments();

    const { errors } = await publishOffer({
      input: offerInput(owner.id, { title: { en: title }, targetEconomies: ['JP', 'XX'] }),
    });

    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'targetEconomies.1' });
    expect(await server.deps.offers.countDocuments()).toBe(before);
    await expect(collector.done).rejects.toThrow(/saw 0\/1/);
  });

  it('When the deadline is in the past or not a date, then the error names deadline', async () => {
    const past = await publishOffer({ input: offerInput(owner.id, { deadline: '2020-01-31' }) });
    const malformed = await publishOffer({
      input: offerInput(owner.id, { deadline: '31/01/2031' }),
    });

    expect(past.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deadline' });
    expect(past.errors?.[0]?.message).toMatch(/future/);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deadline' });
  });

  it('When a sector is not a specialization code, then the error names it', async () => {
    const { errors } = await publishOffer({
      input: offerInput(owner.id, { sectors: ['electronics', 'no spaces!'] }),
    });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sectors.1' });
  });

  it('When the cluster is unknown or not published, then the error names clusterId and nothing is stored', async () => {
    const before = await server.deps.offers.countDocuments();

    const unknown = await publishOffer({ input: offerInput(randomUUID()) });
    const unpublished = await publishOffer({ input: offerInput(draft.id) });

    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clusterId' });
    expect(unknown.errors?.[0]?.message).toMatch(/not known/);
    expect(unpublished.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clusterId' });
    expect(unpublished.errors?.[0]?.message).toMatch(/not published/);
    expect(await server.deps.offers.countDocuments()).toBe(before);
  });
});

describe('reading cooperation offers', () => {
  // Sectors are taxonomy codes now: one that no other offer of this file uses keeps these offers apart.
  const sector = 'tourism';
  let kr: TestCluster;
  let mx: TestCluster;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    kr = await published(newCluster('KR'));
    mx = await published(newCluster('MX'));
    for (const [key, clusterId, kind, sectors] of [
      ['krOffer', kr.id, 'OFFER', [sector]],
      ['krNeed', kr.id, 'NEED', [sector, 'agrifood']],
      ['mxProject', mx.id, 'PROJECT', [sector]],
      ['mxClosed', mx.id, 'OFFER', [sector]],
    ] as const) {
      const { data } = await publishOffer({ input: offerInput(clusterId, { kind, sectors }) });
      ids[key] = data.publishCooperationOffer.id;
    }
    await server.deps.offers.updateOne({ _id: ids.mxClosed }, { $set: { status: 'closed' } });
    await server.deps.offerRepository.refresh(ids.mxClosed as string);
  });

  it('When offers are filtered by kind, economy and sector, then only matching open ones are counted and listed', async () => {
    const bySector = await execute(OFFERS, { filter: { sectors: [sector] } });
    const needsOfKorea = await execute(OFFERS, {
      filter: { sectors: [sector], kinds: ['NEED'], economies: ['KR'] },
    });
    const closed = await execute(OFFERS, { filter: { sectors: [sector], status: 'CLOSED' } });

    expect(bySector.data.cooperationOffers.totalCount).toBe(3);
    expect(bySector.data.cooperationOffers.nodes.map((n: any) => n.id).sort()).toEqual(
      [ids.krOffer, ids.krNeed, ids.mxProject].sort(),
    );
    expect(needsOfKorea.data.cooperationOffers.nodes).toEqual([{ id: ids.krNeed, kind: 'NEED' }]);
    expect(closed.data.cooperationOffers.nodes).toEqual([{ id: ids.mxClosed, kind: 'OFFER' }]);
  });

  it('When offers are read page by page, then every open offer comes once, newest first', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const { data, errors } = await execute(OFFERS, { filter: { sectors: [sector] }, first: 2, after });
      expect(errors).toBeUndefined();
      seen.push(...data.cooperationOffers.nodes.map((n: any) => n.id));
      after = data.cooperationOffers.pageInfo.endCursor;
      if (!data.cooperationOffers.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual([ids.mxProject, ids.krNeed, ids.krOffer]);
  });

  it('When more than 200 offers are asked for, then a BAD_USER_INPUT error names first', async () => {
    const { data, errors } = await execute(OFFERS, { first: 201 });
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('When the cursor was not returned by the query, then the error names after', async () => {
    const { errors } = await execute(OFFERS, { after: 'not-a-cursor' });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('When an offer is read by id or as an entity, then it is returned with its cluster', async () => {
    const byId = await execute(`query ($id: ID!) { cooperationOffer(id: $id) { id kind cluster { id } } }`, {
      id: ids.krNeed,
    });
    const entity = await execute(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on CooperationOffer { id status } } }`,
      { reps: [{ __typename: 'CooperationOffer', id: ids.mxClosed }] },
    );

    expect(byId.data.cooperationOffer).toEqual({ id: ids.krNeed, kind: 'NEED', cluster: { id: kr.id } });
    expect(entity.data._entities).toEqual([{ id: ids.mxClosed, status: 'CLOSED' }]);
  });

  it("When a cluster's offers are read, then only its open ones are listed", async () => {
    const { data, errors } = await execute(CLUSTER_FIELDS, { reps: [{ __typename: 'Cluster', id: mx.id }] });
    expect(errors).toBeUndefined();
    expect(data._entities[0].cooperationOffers).toEqual([{ id: ids.mxProject, status: 'OPEN' }]);
  });
});

describe('requestMatch', () => {
  let from: TestCluster;
  let to: TestCluster;
  let draft: TestCluster;

  beforeAll(async () => {
    from = await published(newCluster('AU'));
    to = await published(newCluster('NZ'));
    draft = await registered(newCluster('NZ'));
  });

  it('When one published cluster asks another, then a PENDING request is stored, sent on Kafka and seen by both', async () => {
    const collector = await collectEvents(
      kafka,
      TOPICS.request,
      (e) => dataAt(e, 'fromClusterId') === from.id,
    );
    await collector.start();

    const { data, errors } = await requestMatch({
      input: {
        fromClusterId: from.id,
        toClusterId: to.id,
        message: 'Shall we meet at the Auckland workshop?',
      },
    });

    expect(errors).toBeUndefined();
    const request = data.requestMatch;
    expect(request).toMatchObject({
      status: 'PENDING',
      fromCluster: { id: from.id },
      toCluster: { id: to.id },
      message: 'Shall we meet at the Auckland workshop?',
    });
    const { event } = (await collector.done)[0]!;
    expect(event).toMatchObject({
      type: 'ccp.matchmaking.request.sent.v1',
      subject: request.id,
      sequence: 1,
      economy: 'AU',
      actor: managerOf(from.id).subject,
      actorrole: 'manager',
      data: { toClusterId: to.id, fromEconomy: 'AU', toEconomy: 'NZ', status: 'pending' },
    });
    expect(new EventValidator().validate(event)).toEqual({ ok: true, event });
    // Requests are read only by their clusters' managers, coordinators and the secretariat.
    const sides = await execute(
      CLUSTER_FIELDS,
      {
        reps: [
          { __typename: 'Cluster', id: from.id },
          { __typename: 'Cluster', id: to.id },
        ],
      },
      secretariat,
    );
    for (const side of sides.data._entities) {
      expect(side.matches).toEqual([
        { id: request.id, status: 'PENDING', fromClusterId: from.id, toClusterId: to.id },
      ]);
    }
  });

  it('When a cluster asks itself, then the request is refused naming toClusterId, nothing is stored and no event is sent', async () => {
    const collector = await collectEvents(
      kafka,
      TOPICS.request,
      (e) => dataAt(e, 'toClusterId') === from.id,
      {
        timeoutMs: 3000,
      },
    );
    await collector.start();
    const before = await server.deps.matchRequests.countDocuments();

    const { data, errors } = await requestMatch({
      input: { fromClusterId: from.id, toClusterId: from.id },
    });

    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toClusterId' });
    expect(await server.deps.matchRequests.countDocuments()).toBe(before);
    await expect(collector.done).rejects.toThrow(/saw 0\/1/);
  });

  it('When either cluster is unknown or not published, then the error names that side', async () => {
    const unknownSender = await requestMatch({
      input: { fromClusterId: randomUUID(), toClusterId: to.id },
    });
    const draftReceiver = await requestMatch({
      input: { fromClusterId: from.id, toClusterId: draft.id },
    });

    expect(unknownSender.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'fromClusterId',
    });
    expect(draftReceiver.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'toClusterId',
    });
  });

  it('When a request between the same clusters is still pending, then another is refused with CONFLICT', async () => {
    const before = await server.deps.matchRequests.countDocuments();

    const { errors } = await requestMatch({
      input: { fromClusterId: from.id, toClusterId: to.id },
    });

    expect(errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'toClusterId' });
    expect(await server.deps.matchRequests.countDocuments()).toBe(before);
  });
});

describe('scheduleWorkshop', () => {
  it('When the input is valid, then the workshop is stored, sent on Kafka and listed by its host economy', async () => {
    const collector = await collectEvents(
      kafka,
      TOPICS.workshop,
      (e) => dataAt(e, 'title', 'en') === workshopInput().title.en,
    );
    await collector.start();
    const later = await schedule({
      input: workshopInput({
        title: { en: `Later workshop ${run}` },
        startsAt: '2031-06-01T09:00:00+08:00',
        endsAt: '2031-06-01T17:00:00+08:00',
      }),
    });

    const { data, errors } = await schedule({ input: workshopInput() });

    expect(errors).toBeUndefined();
    const workshop = data.scheduleWorkshop;
    expect(workshop).toMatchObject({
      hostEconomyCode: 'SG',
      hostEconomy: { code: 'SG' },
      startsAt: '2031-03-10T01:00:00.000Z',
      endsAt: '2031-03-11T09:00:00.000Z',
      timeZone: 'Asia/Singapore',
      venue: 'Marina Bay Sands Expo',
      online: false,
      capacity: 120,
    });
    const { event } = (await collector.done)[0]!;
    expect(event).toMatchObject({
      type: 'ccp.matchmaking.workshop.scheduled.v1',
      subject: workshop.id,
      economy: 'SG',
      actor: 'user-coordinator-SG',
      actorrole: 'coordinator',
      data: { hostEconomy: 'SG', startsAt: '2031-03-10T01:00:00.000Z', capacity: 120 },
    });
    expect(new EventValidator().validate(event)).toEqual({ ok: true, event });
    const economy = await execute(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Economy { workshops { id } } } }`,
      { reps: [{ __typename: 'Economy', code: 'SG' }] },
    );
    expect(economy.data._entities[0].workshops).toEqual([
      { id: workshop.id },
      { id: later.data.scheduleWorkshop.id },
    ]);
  });

  it('When an online workshop has no venue, then it is scheduled', async () => {
    const { data, errors } = await schedule({ input: workshopInput({ venue: null, online: true }) });
    expect(errors).toBeUndefined();
    expect(data.scheduleWorkshop).toMatchObject({ venue: null, online: true });
  });

  it('When it ends before it starts, then the error names endsAt, nothing is stored and no event is sent', async () => {
    const title = `Backwards workshop ${run}`;
    const collector = await collectEvents(kafka, TOPICS.workshop, (e) => dataAt(e, 'title', 'en') === title, {
      timeoutMs: 3000,
    });
    await collector.start();
    const before = await server.deps.workshops.countDocuments();

    const { data, errors } = await schedule({
      input: workshopInput({ title: { en: title }, endsAt: '2031-03-10T08:59:00+08:00' }),
    });

    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endsAt' });
    expect(await server.deps.workshops.countDocuments()).toBe(before);
    await expect(collector.done).rejects.toThrow(/saw 0\/1/);
  });

  it('When a date is not an ISO date-time with an offset, then the error names it', async () => {
    const noOffset = await schedule({ input: workshopInput({ startsAt: '2031-03-10T09:00:00' }) });
    const notADate = await schedule({ input: workshopInput({ endsAt: 'next Tuesday' }) });

    expect(noOffset.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startsAt' });
    expect(notADate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endsAt' });
  });

  it('When the time zone is not an IANA zone, then the error names timeZone', async () => {
    for (const timeZone of ['Mars/Olympus_Mons', '+08:00', '']) {
      const { errors } = await schedule({ input: workshopInput({ timeZone }) });
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timeZone' });
    }
  });

  it('When an on-site workshop has no venue or the host is not an APEC economy, then the error names the field', async () => {
    const noVenue = await schedule({ input: workshopInput({ venue: null }) });
    const badHost = await schedule({ input: workshopInput({ hostEconomy: 'FR' }) });
    const noSeats = await schedule({ input: workshopInput({ capacity: 0 }) });

    expect(noVenue.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'venue' });
    expect(badHost.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hostEconomy' });
    expect(noSeats.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'capacity' });
  });
});

/** Listens on a topic for events matching `matches`; `expectNone` fails unless none came within 3 s. */
async function watch(topic: string, matches: (e: Record<string, unknown>) => boolean) {
  const collector = await collectEvents(kafka, topic, matches, { timeoutMs: 3000 });
  await collector.start();
  return { expectNone: () => expect(collector.done).rejects.toThrow(/saw 0\/1/) };
}

const codes = (results: { errors?: any[] }[]) => results.map((r) => r.errors?.[0]?.extensions.code);

describe('who may publish cooperation offers', () => {
  let cluster: TestCluster;
  let draftCluster: TestCluster;

  beforeAll(async () => {
    cluster = await published(newCluster('CN', ['C27']));
    draftCluster = await registered(newCluster('CN'));
  });

  it("When the cluster's economy coordinator or the secretariat publishes an offer for it, then it is stored with their role as actor", async () => {
    const title = `Offer by reviewers ${run}`;
    const collector = await collectEvents(kafka, TOPICS.offer, (e) => dataAt(e, 'title', 'en') === title, {
      count: 2,
    });
    await collector.start();

    const byCoordinator = await publishOffer(
      { input: offerInput(cluster.id, { title: { en: title } }) },
      coordinatorOf('CN'),
    );
    const bySecretariat = await publishOffer(
      { input: offerInput(cluster.id, { title: { en: title } }) },
      secretariat,
    );

    expect(byCoordinator.errors).toBeUndefined();
    expect(bySecretariat.errors).toBeUndefined();
    const events = (await collector.done).map(({ event }) => [event.actor, event.actorrole]);
    expect(events.sort()).toEqual([
      ['user-coordinator-CN', 'coordinator'],
      ['user-secretariat', 'secretariat'],
    ]);
  });

  it("When another cluster's manager, another economy's coordinator or a member publishes, then FORBIDDEN; anonymous gets UNAUTHENTICATED; nothing is stored or sent", async () => {
    const title = `Offer by strangers ${run}`;
    const events = await watch(TOPICS.offer, (e) => dataAt(e, 'title', 'en') === title);
    const before = await server.deps.offers.countDocuments();
    const input = offerInput(cluster.id, { title: { en: title } });

    const results = await Promise.all([
      publishOffer({ input }, managerOf(draftCluster.id)),
      publishOffer({ input }, coordinatorOf('RU')),
      publishOffer({ input }, member),
      publishOffer({ input }, ANONYMOUS),
    ]);

    expect(codes(results)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
    expect(await server.deps.offers.countDocuments()).toBe(before);
    await events.expectNone();
  });

  it('When a stranger names a draft cluster, then the answer is FORBIDDEN, not whether it is published', async () => {
    const { errors } = await publishOffer({ input: offerInput(draftCluster.id) }, managerOf(cluster.id));
    expect(errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('who may request matches', () => {
  let from: TestCluster;
  let to: TestCluster;

  beforeAll(async () => {
    from = await published(newCluster('PG'));
    to = await published(newCluster('CA'));
  });

  it("When the receiving cluster's manager, another economy's coordinator or a member asks on the sender's behalf, then FORBIDDEN; anonymous gets UNAUTHENTICATED; nothing is stored or sent", async () => {
    const events = await watch(TOPICS.request, (e) => dataAt(e, 'fromClusterId') === from.id);
    const input = { fromClusterId: from.id, toClusterId: to.id };

    const results = await Promise.all([
      requestMatch({ input }, managerOf(to.id)),
      requestMatch({ input }, coordinatorOf('CA')),
      requestMatch({ input }, member),
      requestMatch({ input }, ANONYMOUS),
    ]);

    expect(codes(results)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
    expect(await server.deps.matchRequests.countDocuments({ fromClusterId: from.id })).toBe(0);
    await events.expectNone();
  });

  it("When the sender's economy coordinator or the secretariat asks for it, then the request is sent with their role as actor", async () => {
    const other = await published(newCluster('US'));
    const collector = await collectEvents(
      kafka,
      TOPICS.request,
      (e) => dataAt(e, 'fromClusterId') === from.id,
      { count: 2 },
    );
    await collector.start();

    const byCoordinator = await requestMatch(
      { input: { fromClusterId: from.id, toClusterId: to.id } },
      coordinatorOf('PG'),
    );
    const bySecretariat = await requestMatch(
      { input: { fromClusterId: from.id, toClusterId: other.id } },
      secretariat,
    );

    expect(byCoordinator.data.requestMatch.status).toBe('PENDING');
    expect(bySecretariat.data.requestMatch.status).toBe('PENDING');
    const roles = (await collector.done).map(({ event }) => event.actorrole).sort();
    expect(roles).toEqual(['coordinator', 'secretariat']);
  });
});

describe('who may schedule workshops', () => {
  it('When the secretariat schedules a workshop of any economy, then it is scheduled', async () => {
    const { data, errors } = await schedule({ input: workshopInput({ hostEconomy: 'CL' }) }, secretariat);
    expect(errors).toBeUndefined();
    expect(data.scheduleWorkshop.hostEconomyCode).toBe('CL');
  });

  it("When another economy's coordinator, a cluster manager or a member schedules, then FORBIDDEN; anonymous gets UNAUTHENTICATED; nothing is stored or sent", async () => {
    const title = `Unauthorized workshop ${run}`;
    const events = await watch(TOPICS.workshop, (e) => dataAt(e, 'title', 'en') === title);
    const before = await server.deps.workshops.countDocuments();
    const input = workshopInput({ title: { en: title }, hostEconomy: 'SG' });

    const results = await Promise.all([
      schedule({ input }, coordinatorOf('MY')),
      schedule({ input }, managerOf(randomUUID())),
      schedule({ input }, member),
      schedule({ input }, ANONYMOUS),
    ]);

    expect(codes(results)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
    expect(await server.deps.workshops.countDocuments()).toBe(before);
    await events.expectNone();
  });
});

describe('operator injection', () => {
  it('When ids and filters carry a MongoDB operator object, then BAD_USER_INPUT is returned, never a broadened result', async () => {
    const cluster = await published(newCluster('JP'));
    await publishOffer({ input: offerInput(cluster.id) });
    const operator = { $ne: null };
    const before = await server.deps.offers.countDocuments();

    const filtered = await execute(OFFERS, { filter: { sectors: [operator], economies: [operator] } });
    const entity = await execute(CLUSTER_FIELDS, { reps: [{ __typename: 'Cluster', id: operator }] });
    const offer = await execute(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on CooperationOffer { id } } }`,
      { reps: [{ __typename: 'CooperationOffer', id: operator }] },
    );
    const economy = await execute(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Economy { workshops { id } } } }`,
      { reps: [{ __typename: 'Economy', code: operator }] },
    );
    const injectedOffer = await publishOffer(
      { input: offerInput(cluster.id, { clusterId: operator }) },
      secretariat,
    );

    for (const result of [filtered, entity, offer, economy, injectedOffer]) {
      expect(result.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    }
    for (const result of [entity, offer, economy]) expect(result.data?._entities ?? [null]).toEqual([null]);
    expect(await server.deps.offers.countDocuments()).toBe(before);
  });
});

describe("a user's erasure", () => {
  function erased(userId: string) {
    return makeEvent({
      service: 'accounts',
      type: 'ccp.accounts.user.erased.v1',
      subject: userId,
      sequence: 4,
      data: { userId, erasedAt: new Date().toISOString() },
    });
  }

  it("When a user is erased, then their id is replaced by 'erased-user' on what they created, and again changes nothing", async () => {
    const from = await published(newCluster('MY'));
    const to = await published(newCluster('ID'));
    const leaving = user(`user-${randomUUID()}`, [
      { role: 'cluster-manager', clusterId: from.id },
      { role: 'economy-coordinator', economy: 'MY' },
    ]);
    const offer = (await publishOffer({ input: offerInput(from.id) }, leaving)).data.publishCooperationOffer
      .id;
    const request = (await requestMatch({ input: { fromClusterId: from.id, toClusterId: to.id } }, leaving))
      .data.requestMatch.id;
    const workshop = (await schedule({ input: workshopInput({ hostEconomy: 'MY' }) }, leaving)).data
      .scheduleWorkshop.id;
    const kept = (await publishOffer({ input: offerInput(from.id) })).data.publishCooperationOffer.id;
    const read = () =>
      Promise.all([
        server.deps.offers.findById(offer).lean(),
        server.deps.matchRequests.findById(request).lean(),
        server.deps.workshops.findById(workshop).lean(),
        server.deps.offers.findById(kept).lean(),
      ]);

    expect(await server.applyUserEvent(erased(leaving.subject))).toBe('applied');
    const once = await read();
    await server.applyUserEvent(erased(leaving.subject));

    expect(once.slice(0, 3).map((d) => d?.createdBy)).toEqual(['erased-user', 'erased-user', 'erased-user']);
    expect(once[3]?.createdBy).toBe(managerOf(from.id).subject);
    expect(await read()).toEqual(once);
  });

  it('When the erased event arrives on Kafka, then the erasure consumer applies it', async () => {
    const leaving = user(`user-${randomUUID()}`, [{ role: 'economy-coordinator', economy: 'TW' }]);
    const workshop = (await schedule({ input: workshopInput({ hostEconomy: 'TW' }) }, leaving)).data
      .scheduleWorkshop.id;

    await producer.send({ topic: TOPICS.user, acks: -1, messages: [toMessage(erased(leaving.subject))] });

    await waitFor(
      async () =>
        (await server.deps.workshops.findById(workshop).lean())?.createdBy === 'erased-user'
          ? true
          : undefined,
      { what: "the erasure of the workshop's creator" },
    );
  });
});

describe('the subgraph over HTTP', () => {
  it('When a call has no caller token, then it is refused with UNAUTHENTICATED', async () => {
    const keys = await testCallerKeys();
    const handler = createSubgraphHandler({
      apollo: server.apollo,
      verifier: keys.verifier as CallerVerifier,
      context: server.context,
      ready: async () => true,
      logger: testLogger(),
    });
    const http = await listen(handler, 0, '127.0.0.1');
    const port = (http.address() as { port: number }).port;
    try {
      const call = (headers: Record<string, string>) =>
        fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: '{ cooperationOffers { totalCount } }' }),
        });
      const refused = await call({});
      const allowed = await call({ 'x-ccp-caller': await keys.tokenFor() });

      expect(refused.status).toBe(401);
      expect(((await refused.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(allowed.status).toBe(200);
    } finally {
      http.close();
    }
  });
});
