import { randomUUID } from 'node:crypto';
import {
  ANONYMOUS,
  type Caller,
  type CallerVerifier,
  createSubgraphHandler,
  EventValidator,
  emailDigest,
  LOCAL_ERASURE_KEY,
  listen,
  makeEvent,
  publishEvents,
  TOPICS,
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
import { updateCluster } from '../src/domain/update-cluster.js';
import type { ClusterDocument } from '../src/model/cluster.js';
import { createServer } from '../src/server.js';

const REGISTER = `mutation Register($input: RegisterClusterInput!) {
  registerCluster(input: $input) { id status version economyCode name names { en ru } }
}`;
const PUBLISH = `mutation Publish($id: ID!, $v: Int) { publishCluster(id: $id, expectedVersion: $v) { id status version publishedAt } }`;
const SUBMIT = `mutation Submit($id: ID!) { submitCluster(id: $id) { id status version } }`;
const RETURN = `mutation Return($id: ID!, $comments: String!) {
  returnCluster(id: $id, comments: $comments) { id status version lastReturn { comments returnedAt } }
}`;
const UPDATE = `mutation Update($id: ID!, $v: Int!, $input: UpdateClusterInput!) {
  updateCluster(id: $id, expectedVersion: $v, input: $input) {
    id version economyCode names { en ru } region location { lat lng } specializations status
  }
}`;
const LAST_RETURN = `query ($id: ID!) { cluster(id: $id) { id lastReturn { comments } } }`;

const kafka = testKafka();
const erasureGroupId = `ccp-registry-erasure-test-${randomUUID()}`;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;
let server: Awaited<ReturnType<typeof createServer>>;
let keys: Awaited<ReturnType<typeof testCallerKeys>>;

const user = (subject: string, grants: Caller['grants'] = []): Caller => ({ subject, kind: 'user', grants });
const member = user('user-member');
const managerOf = (clusterId: string, subject = 'user-manager') =>
  user(subject, [{ role: 'cluster-manager', clusterId }]);
const coordinatorOf = (economy: string) =>
  user(`user-coordinator-${economy}`, [{ role: 'economy-coordinator', economy }]);
const secretariat = user('user-secretariat', [{ role: 'secretariat' }]);

async function run(query: string, variables: Record<string, unknown>, caller: Caller = member) {
  const res = await server.apollo.executeOperation(
    { query, variables },
    { contextValue: await server.context(caller) },
  );
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return res.body.singleResult as { data?: any; errors?: any[] };
}

/** A draft registered by `registrant`, as a signed-in user does it. */
async function draft(economyCode: string, registrant: Caller = member, extra: Record<string, unknown> = {}) {
  const { data, errors } = await run(
    REGISTER,
    { input: { name: { en: `Cluster ${randomUUID().slice(0, 8)}` }, economyCode, ...extra } },
    registrant,
  );
  if (errors) throw new Error(JSON.stringify(errors));
  return data.registerCluster.id as string;
}

const stored = (id: string) => server.deps.clusters.findById(id).lean<ClusterDocument>();

/** Listens for any event of the cluster; `expectNone` fails unless none came within 3 s. */
async function watch(id: string) {
  const collector = await collectEvents(kafka, TOPICS.cluster, (e) => e.subject === id, { timeoutMs: 3000 });
  await collector.start();
  return { expectNone: () => expect(collector.done).rejects.toThrow(/saw 0\/1/) };
}

async function eventOf(id: string, verb: string, act: () => Promise<unknown>) {
  const collector = await collectEvents(
    kafka,
    TOPICS.cluster,
    (e) => e.subject === id && e.type === `ccp.registry.cluster.${verb}.v1`,
  );
  await collector.start();
  await act();
  const [{ event }] = await collector.done;
  expect(new EventValidator().validate(event)).toEqual({ ok: true, event });
  return event;
}

beforeAll(async () => {
  db = await freshDatabase('registry');
  await ensureTopics(kafka);
  producer = await connectedProducer(kafka);
  keys = await testCallerKeys();
  server = await createServer({
    mongo: db,
    kafka,
    producer,
    validator: new EventValidator(),
    logger: testLogger(),
    erasureGroupId,
  });
  await server.apollo.start();
});

afterAll(async () => {
  await Promise.allSettled((server?.consumers ?? []).map((c) => c.stop()));
  await server?.apollo.stop();
  await producer?.disconnect();
  await db?.drop();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([erasureGroupId]).catch(() => {});
  await admin.disconnect();
});

describe('registerCluster', () => {
  it('When a signed-in user registers a valid cluster, then a draft is stored and its registered event names them', async () => {
    const collector = await collectEvents(
      kafka,
      TOPICS.cluster,
      (e) => e.data?.name?.en === 'Kazan Petrochemical Cluster',
    );
    await collector.start();

    const { data, errors } = await run(REGISTER, {
      input: {
        name: { en: 'Kazan Petrochemical Cluster', ru: 'Казанский нефтехимический кластер' },
        economyCode: 'RU',
      },
    });

    expect(errors).toBeUndefined();
    expect(data.registerCluster).toMatchObject({ status: 'DRAFT', version: 1, economyCode: 'RU' });
    expect(data.registerCluster.names.ru).toBe('Казанский нефтехимический кластер');
    const [{ event, headers }] = await collector.done;
    expect(event).toMatchObject({
      type: 'ccp.registry.cluster.registered.v1',
      subject: data.registerCluster.id,
      sequence: 1,
      economy: 'RU',
      source: '/ccp/registry',
      actor: 'user-member',
      actorrole: 'member',
      data: { registeredBy: 'user-member' },
    });
    expect(headers['content-type']).toBe('application/cloudevents+json');
    expect(new EventValidator().validate(event)).toEqual({ ok: true, event });
    const doc = await stored(data.registerCluster.id);
    expect(doc).toMatchObject({ registeredBy: 'user-member', outbox: [] });
  });

  it('When an anonymous caller registers a cluster, then UNAUTHENTICATED is returned, nothing is stored and no event is sent', async () => {
    const name = `Anonymous Cluster ${randomUUID()}`;
    const collector = await collectEvents(kafka, TOPICS.cluster, (e) => e.data?.name?.en === name, {
      timeoutMs: 3000,
    });
    await collector.start();
    const before = await server.deps.clusters.countDocuments();

    const { data, errors } = await run(
      REGISTER,
      { input: { name: { en: name }, economyCode: 'JP' } },
      ANONYMOUS,
    );

    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await server.deps.clusters.countDocuments()).toBe(before);
    await expect(collector.done).rejects.toThrow(/saw 0\/1/);
  });

  it('When the English name is missing, then a BAD_USER_INPUT error names the field and nothing is stored', async () => {
    const before = await server.deps.clusters.countDocuments();
    const { data, errors } = await run(REGISTER, { input: { name: { en: '  ' }, economyCode: 'JP' } });

    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name.en' });
    expect(await server.deps.clusters.countDocuments()).toBe(before);
  });

  it('When the economy code is not an APEC economy, then the error names economyCode, nothing is stored and no event is sent', async () => {
    const collector = await collectEvents(kafka, TOPICS.cluster, (e) => e.data?.economy === 'XX', {
      timeoutMs: 3000,
    });
    await collector.start();
    const before = await server.deps.clusters.countDocuments();

    const { errors } = await run(REGISTER, { input: { name: { en: 'Nowhere Cluster' }, economyCode: 'XX' } });

    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'economyCode' });
    expect(await server.deps.clusters.countDocuments()).toBe(before);
    await expect(collector.done).rejects.toThrow(/saw 0\/1/);
  });

  it('When the location is out of range, then the error names location.lat', async () => {
    const { errors } = await run(REGISTER, {
      input: { name: { en: 'Polar Cluster' }, economyCode: 'CA', location: { lat: 123, lng: 0 } },
    });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'location.lat' });
  });
});

describe('publishCluster', () => {
  it("When the economy's coordinator publishes a draft, then it is PUBLISHED at version 2 and the event carries the coordinator as actor", async () => {
    const id = await draft('MY');
    let published: Awaited<ReturnType<typeof run>> | undefined;

    const event = await eventOf(id, 'published', async () => {
      published = await run(PUBLISH, { id }, coordinatorOf('MY'));
    });

    expect(published?.errors).toBeUndefined();
    expect(published?.data.publishCluster).toMatchObject({ id, status: 'PUBLISHED', version: 2 });
    expect(event).toMatchObject({
      sequence: 2,
      economy: 'MY',
      actor: 'user-coordinator-MY',
      actorrole: 'coordinator',
      data: { clusterId: id, status: 'published', publishedBy: 'user-coordinator-MY' },
    });
  });

  it('When the secretariat publishes a draft of any economy, then it is published and the event says secretariat', async () => {
    const id = await draft('CL');

    const event = await eventOf(id, 'published', () => run(PUBLISH, { id }, secretariat));

    expect(event).toMatchObject({ actor: 'user-secretariat', actorrole: 'secretariat' });
    expect((await stored(id))?.status).toBe('published');
  });

  it("When the cluster's own manager, another economy's coordinator or a member publishes, then FORBIDDEN; anonymous gets UNAUTHENTICATED; nothing changes", async () => {
    const id = await draft('PE');
    const events = await watch(id);

    const results = await Promise.all([
      run(PUBLISH, { id }, managerOf(id)),
      run(PUBLISH, { id }, coordinatorOf('CL')),
      run(PUBLISH, { id }, member),
      run(PUBLISH, { id }, ANONYMOUS),
    ]);

    expect(results.map((r) => r.errors?.[0]?.extensions.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
      'UNAUTHENTICATED',
    ]);
    expect(await stored(id)).toMatchObject({ status: 'draft', version: 1, publishedAt: null, outbox: [] });
    await events.expectNone();
  });

  it('When the cluster is not a draft, then publishing fails with INVALID_STATE and the version does not move', async () => {
    const id = await draft('MX');
    await run(PUBLISH, { id }, coordinatorOf('MX'));

    const again = await run(PUBLISH, { id }, coordinatorOf('MX'));

    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE' });
    expect((await stored(id))?.version).toBe(2);
  });

  it('When the expected version is stale, then publishing fails with INVALID_STATE naming expectedVersion', async () => {
    const id = await draft('MX');
    const { errors } = await run(PUBLISH, { id, v: 7 }, coordinatorOf('MX'));
    expect(errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      field: 'expectedVersion',
      currentVersion: 1,
    });
  });

  it('When the cluster does not exist, then publishing fails with NOT_FOUND', async () => {
    const { errors } = await run(PUBLISH, { id: 'no-such-cluster' }, secretariat);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('submitCluster and returnCluster', () => {
  it('When a manager submits and the coordinator returns it with comments, then the managers read the comments, edit and resubmit, and it is published', async () => {
    const id = await draft('TH');
    const manager = managerOf(id);

    const submitted = await eventOf(id, 'submitted', () => run(SUBMIT, { id }, manager));
    let returnedResult: Awaited<ReturnType<typeof run>> | undefined;
    const returned = await eventOf(id, 'returned', async () => {
      returnedResult = await run(RETURN, { id, comments: 'Please add the location.' }, coordinatorOf('TH'));
    });
    const read = await run(LAST_RETURN, { id }, manager);
    await run(UPDATE, { id, v: 3, input: { location: { lat: 13.75, lng: 100.5 } } }, manager);
    const resubmitted = await run(SUBMIT, { id }, manager);
    const published = await run(PUBLISH, { id }, coordinatorOf('TH'));

    expect(submitted).toMatchObject({
      sequence: 2,
      actor: manager.subject,
      actorrole: 'manager',
      data: { status: 'submitted' },
    });
    expect(returnedResult?.data.returnCluster).toMatchObject({
      status: 'RETURNED',
      version: 3,
      lastReturn: { comments: 'Please add the location.' },
    });
    expect(returned).toMatchObject({
      sequence: 3,
      actorrole: 'coordinator',
      data: { status: 'returned', comments: 'Please add the location.' },
    });
    expect(read.data.cluster.lastReturn).toEqual({ comments: 'Please add the location.' });
    expect(resubmitted.data.submitCluster).toMatchObject({ status: 'SUBMITTED', version: 5 });
    expect(published.data.publishCluster).toMatchObject({ status: 'PUBLISHED', version: 6 });
    expect((await stored(id))?.lastReturn).toMatchObject({ returnedBy: 'user-coordinator-TH' });
  });

  it('When a member or a manager of another cluster submits, then FORBIDDEN; anonymous gets UNAUTHENTICATED; the draft stays a draft', async () => {
    const id = await draft('VN');
    const events = await watch(id);

    const results = await Promise.all([
      run(SUBMIT, { id }, member),
      run(SUBMIT, { id }, managerOf(randomUUID())),
      run(SUBMIT, { id }, ANONYMOUS),
    ]);

    expect(results.map((r) => r.errors?.[0]?.extensions.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'UNAUTHENTICATED',
    ]);
    expect(await stored(id)).toMatchObject({ status: 'draft', version: 1 });
    await events.expectNone();
  });

  it("When the cluster's manager or another economy's coordinator returns it, then FORBIDDEN; anonymous gets UNAUTHENTICATED; nothing changes", async () => {
    const id = await draft('ID');
    const events = await watch(id);

    const results = await Promise.all([
      run(RETURN, { id, comments: 'Looks fine to me' }, managerOf(id)),
      run(RETURN, { id, comments: 'Not yours' }, coordinatorOf('MY')),
      run(RETURN, { id, comments: 'Who am I' }, ANONYMOUS),
    ]);

    expect(results.map((r) => r.errors?.[0]?.extensions.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'UNAUTHENTICATED',
    ]);
    expect(await stored(id)).toMatchObject({ status: 'draft', version: 1, lastReturn: null });
    await events.expectNone();
  });

  it('When the comments are blank or the cluster is already published, then the return is refused and nothing changes', async () => {
    const id = await draft('ID');
    const publishedId = await draft('ID');
    await run(PUBLISH, { id: publishedId }, secretariat);

    const blank = await run(RETURN, { id, comments: '   ' }, secretariat);
    const published = await run(RETURN, { id: publishedId, comments: 'Too late' }, secretariat);

    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'comments' });
    expect(published.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', status: 'published' });
    expect(await stored(id)).toMatchObject({ status: 'draft', version: 1 });
    expect(await stored(publishedId)).toMatchObject({ status: 'published', version: 2 });
  });

  it('When the return comments are read, then its coordinator and the secretariat see them, a member gets FORBIDDEN and anonymous UNAUTHENTICATED', async () => {
    const id = await draft('KR');
    await run(RETURN, { id, comments: 'Translate the name into Russian.' }, coordinatorOf('KR'));

    const [coordinator, secretary, stranger, anonymous] = await Promise.all([
      run(LAST_RETURN, { id }, coordinatorOf('KR')),
      run(LAST_RETURN, { id }, secretariat),
      run(LAST_RETURN, { id }, member),
      run(LAST_RETURN, { id }, ANONYMOUS),
    ]);

    expect(coordinator.data.cluster.lastReturn).toEqual({ comments: 'Translate the name into Russian.' });
    expect(secretary.data.cluster.lastReturn).toEqual({ comments: 'Translate the name into Russian.' });
    // A returned profile is not public: to others it does not exist.
    expect(stranger).toEqual({ data: { cluster: null } });
    expect(anonymous).toEqual({ data: { cluster: null } });

    // Once published, the profile is public but the comments are not.
    await run(SUBMIT, { id }, coordinatorOf('KR'));
    await run(PUBLISH, { id }, coordinatorOf('KR'));
    const [publicStranger, publicAnonymous] = await Promise.all([
      run(LAST_RETURN, { id }, member),
      run(LAST_RETURN, { id }, ANONYMOUS),
    ]);
    expect(publicStranger.data.cluster).toEqual({ id, lastReturn: null });
    expect(publicStranger.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(publicAnonymous.data.cluster).toEqual({ id, lastReturn: null });
    expect(publicAnonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('updateCluster', () => {
  it('When a manager edits the name and region, then the version rises and the updated event names exactly those fields', async () => {
    const id = await draft('AU', member, { region: 'Victoria', specializations: ['electronics'] });
    const manager = managerOf(id);
    let result: Awaited<ReturnType<typeof run>> | undefined;

    const event = await eventOf(id, 'updated', async () => {
      result = await run(
        UPDATE,
        {
          id,
          v: 1,
          input: {
            name: { en: 'Melbourne Medtech Cluster', ru: 'Мельбурнский медтех-кластер' },
            region: 'Melbourne',
            specializations: ['electronics'],
          },
        },
        manager,
      );
    });

    expect(result?.errors).toBeUndefined();
    expect(result?.data.updateCluster).toMatchObject({
      version: 2,
      economyCode: 'AU',
      names: { en: 'Melbourne Medtech Cluster', ru: 'Мельбурнский медтех-кластер' },
      region: 'Melbourne',
      specializations: ['electronics'],
      status: 'DRAFT',
    });
    expect(event).toMatchObject({
      sequence: 2,
      economy: 'AU',
      actor: manager.subject,
      actorrole: 'manager',
      data: {
        changedFields: ['name', 'region'],
        region: 'Melbourne',
        name: { en: 'Melbourne Medtech Cluster' },
      },
    });
  });

  it("When the economy's coordinator or the secretariat edits a published profile, then it stays published and null clears a field", async () => {
    const id = await draft('NZ', member, { region: 'Auckland', location: { lat: -36.85, lng: 174.76 } });
    await run(PUBLISH, { id }, coordinatorOf('NZ'));

    const byCoordinator = await run(UPDATE, { id, v: 2, input: { region: null } }, coordinatorOf('NZ'));
    const event = await eventOf(id, 'updated', () =>
      run(UPDATE, { id, v: 3, input: { location: null } }, secretariat),
    );

    expect(byCoordinator.data.updateCluster).toMatchObject({ region: null, version: 3, status: 'PUBLISHED' });
    expect(event).toMatchObject({
      actorrole: 'secretariat',
      data: { changedFields: ['location'], location: null },
    });
    expect(await stored(id)).toMatchObject({ region: null, location: null, version: 4, status: 'published' });
  });

  it("When another cluster's manager or another economy's coordinator edits, then FORBIDDEN; anonymous gets UNAUTHENTICATED; nothing is written", async () => {
    const id = await draft('PH');
    const events = await watch(id);
    const input = { name: { en: 'Hijacked Cluster' } };

    const results = await Promise.all([
      run(UPDATE, { id, v: 1, input }, managerOf(randomUUID())),
      run(UPDATE, { id, v: 1, input }, coordinatorOf('SG')),
      run(UPDATE, { id, v: 1, input }, member),
      run(UPDATE, { id, v: 1, input }, ANONYMOUS),
    ]);

    expect(results.map((r) => r.errors?.[0]?.extensions.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
      'UNAUTHENTICATED',
    ]);
    expect(await stored(id)).toMatchObject({ version: 1, outbox: [] });
    expect((await stored(id))?.names.en).not.toBe('Hijacked Cluster');
    await events.expectNone();
  });

  it('When the input tries to change the economy, then it is refused and the economy stays', async () => {
    const id = await draft('SG');

    const viaGraphQL = await run(UPDATE, { id, v: 1, input: { economyCode: 'US' } }, managerOf(id));
    const direct = updateCluster(server.deps, managerOf(id), id, 1, { economyCode: 'US' });

    expect(viaGraphQL.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    await expect(direct).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(await stored(id)).toMatchObject({ economyCode: 'SG', version: 1 });
  });

  it('When the same values are saved again, then nothing is written and no event is sent', async () => {
    const id = await draft('CN', member, {
      region: 'Shenzhen',
      specializations: ['electronics', 'lighting'],
    });
    const events = await watch(id);

    const { data, errors } = await run(
      UPDATE,
      {
        id,
        v: 1,
        input: { region: 'Shenzhen', specializations: ['electronics', 'lighting', 'electronics'] },
      },
      managerOf(id),
    );

    expect(errors).toBeUndefined();
    expect(data.updateCluster.version).toBe(1);
    await events.expectNone();
  });

  it('When the expected version is stale or a value is invalid, then the edit is refused naming the field', async () => {
    const id = await draft('US');

    const stale = await run(UPDATE, { id, v: 0, input: { region: 'Ohio' } }, managerOf(id));
    const invalid = await run(
      UPDATE,
      { id, v: 1, input: { specializations: ['not a code!'] } },
      managerOf(id),
    );

    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', field: 'expectedVersion' });
    expect(invalid.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'specializations.0',
    });
    expect((await stored(id))?.version).toBe(1);
  });
});

describe('operator injection', () => {
  it('When ids and filters carry a MongoDB operator object, then BAD_USER_INPUT is returned and nothing is read or changed', async () => {
    const id = await draft('BN');
    const operator = { $ne: null };

    const byId = await run('query ($id: ID!) { cluster(id: $id) { id } }', { id: operator });
    const filtered = await run(
      'query ($e: [ID!]) { clusters(filter: { economies: $e, status: DRAFT }) { totalCount } }',
      {
        e: [operator],
      },
    );
    const entity = await run(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Cluster { id } } }',
      {
        r: [{ __typename: 'Cluster', id: operator }],
      },
    );
    const economy = await run(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Economy { clusters(status: DRAFT) { id } } } }',
      {
        r: [{ __typename: 'Economy', code: operator }],
      },
    );
    const publish = await run(PUBLISH, { id: operator }, secretariat);

    for (const result of [byId, filtered, entity, economy, publish]) {
      expect(result.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(entity.data?._entities ?? [null]).toEqual([null]);
    expect(economy.data?._entities ?? [null]).toEqual([null]);
    expect((await stored(id))?.status).toBe('draft');
  });
});

describe("a user's erasure", () => {
  function erased(userId: string) {
    return makeEvent({
      service: 'accounts',
      type: 'ccp.accounts.user.erased.v1',
      subject: userId,
      sequence: 3,
      data: { userId, erasedAt: new Date().toISOString() },
    });
  }

  it("When a user is erased, then their id is replaced by 'erased-user' wherever registry kept it, and again changes nothing", async () => {
    const leaving = user(`user-${randomUUID()}`, [{ role: 'economy-coordinator', economy: 'JP' }]);
    const registeredByThem = await draft('JP', leaving);
    const returnedByThem = await draft('JP');
    await run(RETURN, { id: returnedByThem, comments: 'Add a region' }, leaving);
    const untouched = await draft('JP');

    expect(await server.applyUserEvent(erased(leaving.subject))).toBe('applied');
    const once = await Promise.all([registeredByThem, returnedByThem, untouched].map(stored));
    await server.applyUserEvent(erased(leaving.subject));
    const twice = await Promise.all([registeredByThem, returnedByThem, untouched].map(stored));

    expect(once[0]?.registeredBy).toBe('erased-user');
    expect(once[1]?.lastReturn).toMatchObject({ returnedBy: 'erased-user', comments: 'Add a region' });
    expect(once[2]?.registeredBy).toBe('user-member');
    expect(await server.deps.clusters.countDocuments({ registeredBy: leaving.subject })).toBe(0);
    expect(twice).toEqual(once);
  });

  it('When a user is erased, then the contacts typed in with their address leave every profile (announced, in the history) and the others stay', async () => {
    const id = await draft('CL');
    const contact = (name: string, email: string) => ({ name, email, visibility: 'PUBLIC' });
    const updated = await run(
      UPDATE,
      {
        id,
        v: 1,
        input: {
          contacts: [
            contact('Ana Leaving', 'Ana.Leaving@Example.CL'),
            contact('Bo Staying', 'bo@example.cl'),
          ],
        },
      },
      secretariat,
    );
    expect(updated.errors).toBeUndefined();
    const other = await draft('CL');
    const event = {
      ...erased(`user-${randomUUID()}`),
      data: {
        userId: 'user-ana',
        emailDigest: emailDigest('ana.leaving@example.cl', LOCAL_ERASURE_KEY),
        erasedAt: new Date().toISOString(),
      },
    };

    const announced = await eventOf(id, 'updated', () => server.applyUserEvent(event));
    const once = await stored(id);
    await server.applyUserEvent(event);

    expect(announced).toMatchObject({ actor: 'system', sequence: 3, data: { changedFields: ['contacts'] } });
    expect(JSON.stringify(announced)).not.toContain('Ana');
    expect(once?.contacts.map((c) => c.name)).toEqual(['Bo Staying']);
    expect(once?.version).toBe(3);
    expect(once?.history.at(-1)).toMatchObject({
      actor: 'system',
      action: 'updated',
      changedFields: ['contacts'],
    });
    expect((await stored(id))?.version).toBe(3);
    expect((await stored(other))?.version).toBe(1);
    const profile = await run(
      `query ($id: ID!) { cluster(id: $id) { contacts { name email } } }`,
      { id },
      secretariat,
    );
    expect(profile.data.cluster.contacts).toEqual([{ name: 'Bo Staying', email: 'bo@example.cl' }]);
  });

  it('When the erased event arrives on Kafka, then the erasure consumer applies it', async () => {
    const leaving = user(`user-${randomUUID()}`);
    const id = await draft('HK', leaving);
    const [consumer] = server.consumers;
    await consumer!.start();

    await publishEvents(producer, [erased(leaving.subject)]);

    const doc = await waitFor(
      async () => {
        const d = await stored(id);
        return d?.registeredBy === 'erased-user' ? d : undefined;
      },
      { what: 'the erasure of the registrant' },
    );
    expect(doc.version).toBe(1);
  });
});

describe('the subgraph over HTTP', () => {
  async function post(
    headers: Record<string, string>,
    body: Record<string, unknown> = { query: '{ clusters { totalCount } }' },
  ) {
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
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    } finally {
      http.close();
    }
  }

  it('When an answer is large and the client accepts gzip, then it is sent compressed; small answers are not', async () => {
    const handler = createSubgraphHandler({
      apollo: server.apollo,
      verifier: keys.verifier as CallerVerifier,
      context: server.context,
      ready: async () => true,
      logger: testLogger(),
    });
    const http = await listen(handler, 0, '127.0.0.1');
    const port = (http.address() as { port: number }).port;
    const ask = async (query: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'accept-encoding': 'gzip',
          'x-ccp-caller': await keys.tokenFor(),
        },
        body: JSON.stringify({ query }),
      });
      return { encoding: res.headers.get('content-encoding'), body: (await res.json()) as any };
    };
    try {
      const taxonomy = 'specializations { code name(locale: "ru") isic parent { code name } }';
      const large = await ask(
        `{ a: ${taxonomy} b: ${taxonomy} c: ${taxonomy} d: ${taxonomy} e: ${taxonomy} f: ${taxonomy} }`,
      );
      expect(large.encoding).toBe('gzip');
      expect(large.body.data.f).toHaveLength(44);
      const small = await ask('{ specializations { code } }');
      expect(small.encoding).toBeNull();
      expect(small.body.data.specializations).toHaveLength(44);
    } finally {
      http.close();
    }
  });

  it('When a call has no caller token, then it is refused with UNAUTHENTICATED', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('When a caller token is signed by another key, then it is refused', async () => {
    const other = await testCallerKeys();
    const res = await post({ 'x-ccp-caller': await other.tokenFor(coordinatorOf('JP')) });
    expect(res.status).toBe(401);
  });

  it('When the gateway signed the caller token, then the query runs', async () => {
    const res = await post({ 'x-ccp-caller': await keys.tokenFor() });
    expect(res.status).toBe(200);
    expect(res.body.data.clusters.totalCount).toBeGreaterThanOrEqual(2);
  });

  it("When the gateway signed a coordinator's token, then its grants reach the rules: its economy's draft is published, another's is not", async () => {
    const own = await draft('RU');
    const foreign = await draft('CN');
    const token = await keys.tokenFor(coordinatorOf('RU'));
    const publish = (id: string) => post({ 'x-ccp-caller': token }, { query: PUBLISH, variables: { id } });

    const allowed = await publish(own);
    const refused = await publish(foreign);

    expect(allowed.body.data.publishCluster.status).toBe('PUBLISHED');
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await stored(foreign))?.status).toBe('draft');
  });
});
