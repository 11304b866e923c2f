import { randomUUID } from 'node:crypto';
import { ANONYMOUS, type Caller, EventValidator, TOPICS } from '@ccp/kit';
import {
  collectEvents,
  connectedProducer,
  ensureTopics,
  freshDatabase,
  testKafka,
  testLogger,
} from '@ccp/kit/testing';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, type ClusterDocument } from '../src/model/cluster.js';
import { createServer } from '../src/server.js';

const PROFILE = `
  id slug version status completeness lastVerifiedAt archivedAt
  names { en ru } region location { lat lng } specializations
  statusLabel { en ru translations { locale text } }
  mission { en ru text(locale: "de") translations { locale text } }
  keyMembers { name type role }
  productsAndServices { en ru }
  internationalMemberships { name url }
  management { name structure { en } services { en ru } }
  partnershipDestinations
  successStories { title { en ru } summary { en } year partnerEconomies international }
  contacts { name position email phone languages visibility }
  founded website employees memberCount`;
const REGISTER = `mutation ($input: RegisterClusterInput!) { registerCluster(input: $input) { ${PROFILE} } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateClusterInput!) {
  updateCluster(id: $id, expectedVersion: $v, input: $input) { ${PROFILE} }
}`;
const READ = `query ($id: ID, $slug: String) { cluster(id: $id, slug: $slug) { ${PROFILE} } }`;
const CONTACTS = `query ($id: ID!) { cluster(id: $id) { contacts { name email phone visibility } } }`;
const HISTORY = `query ($id: ID!, $first: Int) { cluster(id: $id) { history(first: $first) { at actor actorRole action changedFields } } }`;
const ARCHIVE = `mutation ($id: ID!, $reason: String!) { archiveCluster(id: $id, reason: $reason) { id status version archivedAt } }`;
const CONFIRM = `mutation ($id: ID!) { confirmClusterProfile(id: $id) { id version lastVerifiedAt } }`;
const SPECIALIZATIONS = `{ specializations { code name ru: name(locale: "ru") parent { code } isic } }`;

const kafka = testKafka();
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;
let server: Awaited<ReturnType<typeof createServer>>;

const user = (subject: string, grants: Caller['grants'] = []): Caller => ({ subject, kind: 'user', grants });
const member = user('user-member');
const managerOf = (clusterId: string) => user('user-manager', [{ role: 'cluster-manager', clusterId }]);
const coordinatorOf = (economy: string) =>
  user(`user-coordinator-${economy}`, [{ role: 'economy-coordinator', economy }]);
const secretariat = user('user-secretariat', [{ role: 'secretariat' }]);
const analyst: Caller = { subject: 'api-client-analyst', kind: 'api-client', grants: [] };

async function run(query: string, variables: Record<string, unknown>, caller: Caller = member) {
  const res = await server.apollo.executeOperation(
    { query, variables },
    { contextValue: await server.context(caller) },
  );
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return res.body.singleResult as { data?: any; errors?: any[] };
}

const unique = () => randomUUID().slice(0, 8);

async function register(input: Record<string, unknown>, caller: Caller = member) {
  const { data, errors } = await run(REGISTER, { input: { economyCode: 'RU', ...input } }, caller);
  if (errors) throw new Error(JSON.stringify(errors));
  return data.registerCluster;
}

const bare = async (economyCode = 'RU') =>
  (await register({ name: { en: `Cluster ${unique()}` }, economyCode })).id as string;

/** Publishes as the secretariat: only published profiles are readable by everyone. */
async function publish(id: string) {
  const { errors } = await run('mutation ($id: ID!) { publishCluster(id: $id) { id } }', { id }, secretariat);
  if (errors) throw new Error(JSON.stringify(errors));
}

const stored = (id: string) => server.deps.clusters.findById(id).lean<ClusterDocument>();

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

async function watch(id: string) {
  const collector = await collectEvents(kafka, TOPICS.cluster, (e) => e.subject === id, { timeoutMs: 3000 });
  await collector.start();
  return { expectNone: () => expect(collector.done).rejects.toThrow(/saw 0\/1/) };
}

const thisYear = new Date().getUTCFullYear();

/** Every section filled. */
const fullProfile = () => ({
  statusLabel: {
    en: 'Pilot innovative territorial cluster',
    ru: 'Пилотный инновационный территориальный кластер',
  },
  mission: {
    en: 'Grow **pharmaceutical** production in Kaluga.',
    ru: 'Развитие фармацевтики в Калуге.',
    other: [{ locale: 'de', text: 'Pharmaindustrie in Kaluga ausbauen.' }],
  },
  keyMembers: [
    { name: 'Berlin-Chemie', type: 'LARGE_COMPANY', role: 'Anchor producer' },
    { name: 'Obninsk Institute', type: 'RESEARCH_INSTITUTE' },
  ],
  productsAndServices: { en: 'Generics, vaccines, contract research.' },
  internationalMemberships: [
    { name: 'European Cluster Collaboration Platform', url: 'https://clustercollaboration.eu' },
  ],
  management: {
    name: 'Kaluga Region Cluster Development Agency',
    structure: { en: 'Board, directorate, working groups.' },
    services: { en: 'Export support, training.', ru: 'Поддержка экспорта, обучение.' },
  },
  partnershipDestinations: ['CN', 'VN', 'DE'],
  successStories: [
    {
      title: { en: 'Joint vaccine plant', ru: 'Совместный завод вакцин' },
      summary: { en: 'Built with a Vietnamese partner.' },
      year: 2019,
      partnerEconomies: ['VN'],
      international: true,
    },
  ],
  contacts: [
    {
      name: 'Anna Petrova',
      position: 'International cooperation',
      email: 'anna@example.org',
      phone: '+7 4842 123-456',
      languages: ['ru', 'en'],
      visibility: 'PUBLIC',
    },
  ],
  founded: 2012,
  website: 'https://pharm-kaluga.ru',
  employees: 9000,
  memberCount: 62,
});

beforeAll(async () => {
  db = await freshDatabase('registry-profile');
  await ensureTopics(kafka);
  producer = await connectedProducer(kafka);
  server = await createServer({
    mongo: db,
    kafka,
    producer,
    validator: new EventValidator(),
    logger: testLogger(),
    erasureGroupId: `ccp-registry-erasure-test-${randomUUID()}`,
  });
  await server.apollo.start();
});

afterAll(async () => {
  await server?.apollo.stop();
  await producer?.disconnect();
  await db?.drop();
});

describe('the specialization taxonomy', () => {
  it('When the taxonomy is read, then it has two levels with en and ru labels and ISIC codes, and every demo code is in it', async () => {
    const { data, errors } = await run(SPECIALIZATIONS, {}, ANONYMOUS);

    expect(errors).toBeUndefined();
    const byCode = new Map<string, any>(data.specializations.map((s: any) => [s.code, s]));
    expect(byCode.size).toBeGreaterThanOrEqual(40);
    expect(byCode.get('aerospace')).toMatchObject({ name: 'Aerospace', parent: null, isic: ['C303'] });
    expect(byCode.get('aerospace.space')).toMatchObject({ parent: { code: 'aerospace' } });
    expect(byCode.get('pharma').ru).toBe('Фармацевтика');
    const demo =
      'pharma biotech petrochem automotive aerospace nuclear lighting electronics ict machinery medtech defence agrifood ai ocean logistics mining fintech games';
    for (const code of demo.split(' ')) expect(byCode.has(code), code).toBe(true);
    for (const s of data.specializations) {
      expect(s.isic.length).toBeGreaterThan(0);
      if (s.parent) expect(s.code.startsWith(`${s.parent.code}.`)).toBe(true);
    }
  });

  it('When a cluster is registered with known codes, then they are kept; with an unknown code, the error names it and nothing is stored', async () => {
    const ok = await register({
      name: { en: `Codes ${unique()}` },
      specializations: ['aerospace', 'aerospace.space'],
    });
    const before = await server.deps.clusters.countDocuments();

    const bad = await run(REGISTER, {
      input: { name: { en: `Codes ${unique()}` }, economyCode: 'RU', specializations: ['pharma', 'C26'] },
    });

    expect(ok.specializations).toEqual(['aerospace', 'aerospace.space']);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'specializations.1' });
    expect(await server.deps.clusters.countDocuments()).toBe(before);
  });
});

describe('profile sections', () => {
  it('When a cluster is registered with every section, then each section reads back as given and the registered event carries the public profile', async () => {
    const name = `Kaluga Pharmaceutical Cluster ${unique()}`;
    const collector = await collectEvents(kafka, TOPICS.cluster, (e) => e.data?.name?.en === name);
    await collector.start();

    const created = await register({
      name: { en: name },
      specializations: ['pharma'],
      location: { lat: 54.51, lng: 36.26 },
      ...fullProfile(),
    });
    const { data } = await run(READ, { id: created.id }, managerOf(created.id));

    const p = fullProfile();
    for (const cluster of [created, data.cluster]) {
      expect(cluster).toMatchObject({
        statusLabel: p.statusLabel,
        mission: { en: p.mission.en, ru: p.mission.ru, text: 'Pharmaindustrie in Kaluga ausbauen.' },
        keyMembers: [p.keyMembers[0], { ...p.keyMembers[1], role: null }],
        productsAndServices: { en: p.productsAndServices.en, ru: null },
        internationalMemberships: p.internationalMemberships,
        management: {
          name: p.management.name,
          structure: p.management.structure,
          services: p.management.services,
        },
        partnershipDestinations: ['CN', 'VN', 'DE'],
        successStories: [
          { ...p.successStories[0], title: { en: 'Joint vaccine plant', ru: 'Совместный завод вакцин' } },
        ],
        contacts: p.contacts,
        founded: 2012,
        website: 'https://pharm-kaluga.ru',
        employees: 9000,
        memberCount: 62,
        completeness: 1,
      });
    }
    expect(data.cluster.mission.translations).toContainEqual({
      locale: 'de',
      text: p.mission.other[0]!.text,
    });
    const [{ event }] = await collector.done;
    expect(new EventValidator().validate(event)).toEqual({ ok: true, event });
    expect(event.data.profile).toMatchObject({
      slug: created.slug,
      mission: { en: p.mission.en, de: p.mission.other[0]!.text },
      contacts: [{ email: 'anna@example.org', visibility: 'PUBLIC' }],
      completeness: 1,
    });
  });

  it('When a manager updates every section, then each reads back, the event lists the sections and null clears them again', async () => {
    const id = await bare('VN');
    const manager = managerOf(id);
    let result: Awaited<ReturnType<typeof run>> | undefined;

    const event = await eventOf(id, 'updated', async () => {
      result = await run(UPDATE, { id, v: 1, input: fullProfile() }, manager);
    });
    const cleared = await run(
      UPDATE,
      { id, v: 2, input: Object.fromEntries(Object.keys(fullProfile()).map((k) => [k, null])) },
      manager,
    );

    expect(result?.errors).toBeUndefined();
    expect(result?.data.updateCluster).toMatchObject({
      version: 2,
      keyMembers: [{ name: 'Berlin-Chemie', type: 'LARGE_COMPANY' }, { type: 'RESEARCH_INSTITUTE' }],
      management: { name: 'Kaluga Region Cluster Development Agency' },
      successStories: [{ year: 2019, international: true, partnerEconomies: ['VN'] }],
      website: 'https://pharm-kaluga.ru',
    });
    expect(event.data.changedFields).toEqual(Object.keys(fullProfile()));
    expect(event.data.profile.memberCount).toBe(62);
    expect(cleared.data.updateCluster).toMatchObject({
      version: 3,
      mission: null,
      keyMembers: [],
      management: null,
      contacts: [],
      website: null,
      memberCount: null,
      completeness: 0,
    });
  });

  it('When the completeness is read as sections are filled, then it rises step by step up to 1', async () => {
    const id = await bare('CL');
    const manager = managerOf(id);
    const p = fullProfile();
    const steps: number[] = [(await stored(id))!.completeness];

    let v = 1;
    for (const input of [
      { mission: p.mission },
      { keyMembers: p.keyMembers, specializations: ['mining'] },
      { contacts: p.contacts, management: p.management, location: { lat: -33.45, lng: -70.66 } },
      p,
    ]) {
      const { data, errors } = await run(UPDATE, { id, v, input }, manager);
      expect(errors).toBeUndefined();
      v = data.updateCluster.version;
      steps.push(data.updateCluster.completeness);
    }

    expect(steps).toEqual([0, 0.12, 0.32, 0.57, 1]);
    expect((await stored(id))?.completeness).toBe(1);
  });
});

describe('bad profile input', () => {
  const oversize = 'x'.repeat(10001);
  const cases: [string, Record<string, unknown>, string][] = [
    ['invalid coordinates', { location: { lat: 12, lng: 181 } }, 'location.lng'],
    ['an unknown specialization', { specializations: ['pharma', 'quantum-gravity'] }, 'specializations.1'],
    ['an oversize text', { mission: { en: oversize } }, 'mission.en'],
    ['a script tag', { mission: { en: 'Hi', ru: '<script>alert(1)</script>' } }, 'mission.ru'],
    [
      'an HTML tag in a member name',
      { keyMembers: [{ name: '<b>Big</b> Corp', type: 'SME' }] },
      'keyMembers.0.name',
    ],
    ['a non-https website', { website: 'http://cluster.example.org' }, 'website'],
    ['a founding year in the future', { founded: thisYear + 1 }, 'founded'],
    ['a founding year before 1900', { founded: 1899 }, 'founded'],
    ['a lower-case destination', { partnershipDestinations: ['de'] }, 'partnershipDestinations.0'],
    ['a negative member count', { memberCount: -1 }, 'memberCount'],
    [
      'a bad contact email',
      { contacts: [{ name: 'A', email: 'not-an-email', visibility: 'PUBLIC' }] },
      'contacts.0.email',
    ],
    [
      'a bad language tag',
      { statusLabel: { other: [{ locale: 'not a tag', text: 'x' }] } },
      'statusLabel.other.0.locale',
    ],
    ['an empty multilingual text', { productsAndServices: {} }, 'productsAndServices.en'],
    [
      '201 key members',
      { keyMembers: Array.from({ length: 201 }, (_, i) => ({ name: `M${i}`, type: 'SME' })) },
      'keyMembers',
    ],
  ];

  it.each(cases)(
    'When an update carries %s, then BAD_USER_INPUT names the field and nothing is written or sent',
    async (_what, input, field) => {
      const id = await bare('TH');
      const events = await watch(id);

      const { data, errors } = await run(UPDATE, { id, v: 1, input }, managerOf(id));

      expect(data).toBeNull();
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await stored(id)).toMatchObject({ version: 1, outbox: [], history: [{ action: 'registered' }] });
      await events.expectNone();
    },
  );

  it('When a registration carries an unknown economy or a script in a section, then the error names the field, nothing is stored and no event is sent', async () => {
    const name = `Bad ${unique()}`;
    const collector = await collectEvents(kafka, TOPICS.cluster, (e) => e.data?.name?.en === name, {
      timeoutMs: 3000,
    });
    await collector.start();
    const before = await server.deps.clusters.countDocuments();

    const economy = await run(REGISTER, { input: { name: { en: name }, economyCode: 'DE' } });
    const script = await run(REGISTER, {
      input: { name: { en: name }, economyCode: 'RU', management: { name: 'Agency <script src=x>' } },
    });

    expect(economy.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'economyCode' });
    expect(script.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'management.name',
    });
    expect(await server.deps.clusters.countDocuments()).toBe(before);
    await expect(collector.done).rejects.toThrow(/saw 0\/1/);
  });

  it('When texts are markdown within the limits, then they are accepted as given', async () => {
    const id = await bare('AU');
    const mission = { en: `**Bold** and _italic_, 2 < 3, a [link](https://a.example).${'y'.repeat(9000)}` };

    const { errors, data } = await run(UPDATE, { id, v: 1, input: { mission } }, managerOf(id));

    expect(errors).toBeUndefined();
    expect(data.updateCluster.mission.en).toBe(mission.en);
  });
});

describe('slugs', () => {
  it('When two clusters share an English name, then the second slug gets -2, each is found by its slug, and the unique index refuses a copied slug', async () => {
    const name = `Smart Technologies Tomsk ${unique()}`;
    const base = name.toLowerCase().replace(/ /g, '-');

    const first = await register({ name: { en: name } });
    const second = await register({ name: { en: name }, economyCode: 'KR' });
    await publish(first.id);
    await publish(second.id);
    const [bySlug1, bySlug2] = await Promise.all([
      run(READ, { slug: base }, ANONYMOUS),
      run(READ, { slug: `${base}-2` }, ANONYMOUS),
    ]);
    const copy = { ...(await stored(first.id))!, _id: randomUUID() };

    expect(first.slug).toBe(base);
    expect(second.slug).toBe(`${base}-2`);
    expect(bySlug1.data.cluster.id).toBe(first.id);
    expect(bySlug2.data.cluster.id).toBe(second.id);
    await expect(server.deps.clusters.collection.insertOne(copy as never)).rejects.toMatchObject({
      code: 11000,
    });
  });

  it('When the name has accents, punctuation or Cyrillic only, then the slug is ascii with hyphens (or "cluster")', async () => {
    const accented = await register({ name: { en: `Technopôle "Québec" & Co. ${unique()}` } });
    const cyrillic = await register({ name: { en: 'Новый Звёздный' } });

    expect(accented.slug).toMatch(/^technopole-quebec-co-[a-z0-9]{8}$/);
    expect(cyrillic.slug).toMatch(/^cluster(-\d+)?$/);
  });

  it('When a cluster is asked for by both id and slug, or by neither, then BAD_USER_INPUT; an unknown slug gives null', async () => {
    const both = await run(READ, { id: 'x', slug: 'y' }, ANONYMOUS);
    const neither = await run(READ, {}, ANONYMOUS);
    const unknown = await run(READ, { slug: `no-such-${unique()}` }, ANONYMOUS);
    const injected = await run(READ, { slug: { $ne: null } }, ANONYMOUS);

    expect(both.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(neither.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data.cluster).toBeNull();
    expect(injected.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('contact visibility', () => {
  const contacts = [
    { name: 'Public', email: 'public@example.org', phone: '+1 555 0100', visibility: 'PUBLIC' },
    { name: 'Registered', email: 'registered@example.org', phone: '+1 555 0101', visibility: 'REGISTERED' },
    { name: 'Hidden', email: 'hidden@example.org', phone: '+1 555 0102', visibility: 'HIDDEN' },
  ];
  const shown = (result: Awaited<ReturnType<typeof run>>) =>
    result.data.cluster.contacts.map((c: any) => (c.email && c.phone ? c.name : `${c.name}:-`));

  it('When contacts are read, then anonymous callers and API clients see public details, signed-in users also registered ones, and managers, the coordinator and the secretariat all', async () => {
    const id = (await register({ name: { en: `Contacts ${unique()}` }, economyCode: 'US', contacts })).id;
    await publish(id);

    const read = (c: Caller) => run(CONTACTS, { id }, c);
    const anonymous = await read(ANONYMOUS);
    const api = await read(analyst);
    const signedIn = await read(member);
    const otherCoordinator = await read(coordinatorOf('CA'));
    const privileged = await Promise.all([managerOf(id), coordinatorOf('US'), secretariat].map(read));

    expect(shown(anonymous)).toEqual(['Public', 'Registered:-', 'Hidden:-']);
    expect(shown(api)).toEqual(['Public', 'Registered:-', 'Hidden:-']);
    expect(shown(signedIn)).toEqual(['Public', 'Registered', 'Hidden:-']);
    expect(shown(otherCoordinator)).toEqual(['Public', 'Registered', 'Hidden:-']);
    for (const result of privileged) expect(shown(result)).toEqual(['Public', 'Registered', 'Hidden']);
  });

  it("When a profile with hidden contacts is changed, then the event's public profile carries no registered or hidden email or phone", async () => {
    const id = await bare('US');

    const event = await eventOf(id, 'updated', () =>
      run(UPDATE, { id, v: 1, input: { contacts } }, managerOf(id)),
    );

    expect(event.data.profile.contacts).toEqual([
      {
        name: 'Public',
        position: null,
        email: 'public@example.org',
        phone: '+1 555 0100',
        languages: [],
        visibility: 'PUBLIC',
      },
      {
        name: 'Registered',
        position: null,
        email: null,
        phone: null,
        languages: [],
        visibility: 'REGISTERED',
      },
      { name: 'Hidden', position: null, email: null, phone: null, languages: [], visibility: 'HIDDEN' },
    ]);
    expect(JSON.stringify(event)).not.toMatch(/hidden@|registered@/);
  });
});

describe('archiveCluster', () => {
  it("When the economy's coordinator archives a published cluster, then it is ARCHIVED, leaves the public list and the archived event carries the reason", async () => {
    const id = await bare('MX');
    await run('mutation ($id: ID!) { publishCluster(id: $id) { id } }', { id }, coordinatorOf('MX'));
    let result: Awaited<ReturnType<typeof run>> | undefined;

    const event = await eventOf(id, 'archived', async () => {
      result = await run(ARCHIVE, { id, reason: 'The cluster was dissolved in 2024.' }, coordinatorOf('MX'));
    });
    const list = await run('{ clusters(filter: { economies: ["MX"] }) { nodes { id } } }', {}, ANONYMOUS);

    expect(result?.data.archiveCluster).toMatchObject({ id, status: 'ARCHIVED', version: 3 });
    expect(result?.data.archiveCluster.archivedAt).toEqual(expect.any(String));
    expect(event).toMatchObject({
      sequence: 3,
      actorrole: 'coordinator',
      data: { status: 'archived', reason: 'The cluster was dissolved in 2024.' },
    });
    expect(list.data.clusters.nodes.map((n: any) => n.id)).not.toContain(id);
  });

  it('When the secretariat archives a draft, then it is archived; an archived profile can then not be edited or archived again', async () => {
    const id = await bare('PE');

    const archived = await run(ARCHIVE, { id, reason: 'Duplicate entry' }, secretariat);
    const edit = await run(UPDATE, { id, v: 2, input: { website: 'https://x.example.org' } }, managerOf(id));
    const again = await run(ARCHIVE, { id, reason: 'Again' }, secretariat);

    expect(archived.data.archiveCluster.status).toBe('ARCHIVED');
    expect(edit.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', status: 'archived' });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE' });
    expect((await stored(id))?.version).toBe(2);
  });

  it("When its manager, a member or another economy's coordinator archives, then FORBIDDEN; anonymous UNAUTHENTICATED; a blank reason BAD_USER_INPUT; nothing changes", async () => {
    const id = await bare('JP');
    const events = await watch(id);

    const results = await Promise.all([
      run(ARCHIVE, { id, reason: 'Mine' }, managerOf(id)),
      run(ARCHIVE, { id, reason: 'Why not' }, member),
      run(ARCHIVE, { id, reason: 'Not mine' }, coordinatorOf('KR')),
      run(ARCHIVE, { id, reason: 'Who' }, ANONYMOUS),
      run(ARCHIVE, { id, reason: '  ' }, coordinatorOf('JP')),
    ]);

    expect(results.map((r) => r.errors?.[0]?.extensions.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
      'UNAUTHENTICATED',
      'BAD_USER_INPUT',
    ]);
    expect(await stored(id)).toMatchObject({ status: 'draft', version: 1, archivedAt: null, outbox: [] });
    await events.expectNone();
  });
});

describe('history and verification', () => {
  it('When a manager edits and confirms the profile, then the history lists who did what, newest first, and lastVerifiedAt is set', async () => {
    const id = await bare('NZ');
    const manager = managerOf(id);
    await run(UPDATE, { id, v: 1, input: { website: 'https://nz.example.org', founded: 2001 } }, manager);

    const event = await eventOf(id, 'updated', () => run(CONFIRM, { id }, manager));
    const { data, errors } = await run(HISTORY, { id }, manager);
    const verified = await stored(id);

    expect(errors).toBeUndefined();
    expect(data.cluster.history).toMatchObject([
      { action: 'VERIFIED', actor: 'user-manager', actorRole: 'manager', changedFields: ['lastVerifiedAt'] },
      {
        action: 'UPDATED',
        actor: 'user-manager',
        actorRole: 'manager',
        changedFields: ['founded', 'website'],
      },
      { action: 'REGISTERED', actor: 'user-member', actorRole: 'member', changedFields: [] },
    ]);
    expect(Date.parse(data.cluster.history[0].at)).toBeGreaterThan(Date.now() - 60_000);
    expect(event.data).toMatchObject({ changedFields: ['lastVerifiedAt'] });
    expect(event.data.profile.lastVerifiedAt).toBe(verified?.lastVerifiedAt?.toISOString());
    expect(verified?.version).toBe(3);
  });

  it('When the history is read, then its coordinator and the secretariat see it, a member gets FORBIDDEN and anonymous UNAUTHENTICATED', async () => {
    const id = await bare('SG');
    await publish(id);

    const coordinator = await run(HISTORY, { id }, coordinatorOf('SG'));
    const secretary = await run(HISTORY, { id }, secretariat);
    const stranger = await run(HISTORY, { id }, member);
    const anonymous = await run(HISTORY, { id }, ANONYMOUS);

    expect(coordinator.data.cluster.history).toHaveLength(2);
    expect(secretary.data.cluster.history).toHaveLength(2);
    expect(stranger.data.cluster).toBeNull();
    expect(stranger.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(anonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it("When a member or another economy's coordinator confirms a profile, then FORBIDDEN and lastVerifiedAt stays unset", async () => {
    const id = await bare('CN');

    const results = await Promise.all([
      run(CONFIRM, { id }, member),
      run(CONFIRM, { id }, coordinatorOf('HK')),
    ]);

    expect(results.map((r) => r.errors?.[0]?.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(await stored(id)).toMatchObject({ version: 1, lastVerifiedAt: null });
  });

  it(`When a profile already has ${HISTORY_LIMIT} history lines, then a change keeps the newest ${HISTORY_LIMIT}`, async () => {
    const id = await bare('MY');
    const old = Array.from({ length: HISTORY_LIMIT }, (_, i) => ({
      at: new Date(Date.UTC(2020, 0, 1, 0, i)),
      actor: `user-${i}`,
      actorRole: 'manager',
      action: 'updated',
      changedFields: ['website'],
    }));
    await server.deps.clusters.updateOne({ _id: id }, { $set: { history: old } });

    await run(UPDATE, { id, v: 1, input: { employees: 5 } }, secretariat);
    const history = (await stored(id))!.history;

    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history[0]).toMatchObject({ actor: 'user-1' });
    expect(history.at(-1)).toMatchObject({
      actor: 'user-secretariat',
      actorRole: 'secretariat',
      changedFields: ['employees'],
    });
  });
});
