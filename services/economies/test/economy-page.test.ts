import { randomUUID } from 'node:crypto';
import { type Caller, type CloudEvent, emailDigest, makeEvent, TOPICS } from '@ccp/kit';
import { collectEvents, waitFor, waitForCaughtUp } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EconomyDocument } from '../src/model/economy.js';
import { anonymous, callers, type Economies, startEconomies } from './harness.js';

// Not the kit's default: proves the service digests with the key it is given.
const ERASURE_KEY = `test-erasure-key-${randomUUID()}`;
let app: Economies<'user'>;

const run = randomUUID().slice(0, 8);
const { secretariat, member, apiClient, coordinatorOf } = callers(run);
const coordinatorRu = coordinatorOf('RU');
const coordinatorCn = coordinatorOf('CN');

const PAGE_FIELDS = `code version pageUpdatedAt
  supportMeasures { id name { en ru text(locale: "zh-Hans") translations { locale text } } agency type description link years { from to } }
  institutions { id name { en ru } role link }
  officials { id name position institution link email phone userId }`;
const UPDATE = `mutation($code: ID!, $v: Int, $input: EconomyPageInput!) { updateEconomyPage(code: $code, expectedVersion: $v, input: $input) { ${PAGE_FIELDS} } }`;
const PAGE = `query($code: ID!) { economy(code: $code) { ${PAGE_FIELDS} } }`;

const page = async (code: string, caller: Caller = anonymous) =>
  (await app.ok(caller, PAGE, { code })).economy;
const stored = async (code: string) => (await app.models.economies.findById(code).lean<EconomyDocument>())!;

const pilotClusters = {
  name: {
    en: 'Pilot innovative territorial clusters',
    ru: 'Пилотные инновационные территориальные кластеры',
    other: [{ locale: 'zh-hans', text: '创新区域集群试点' }],
  },
  agency: 'Ministry of Economic Development',
  type: 'GRANT',
  description: 'Subsidies to regional budgets for **cluster development** programmes.',
  link: 'https://economy.gov.ru/clusters',
  years: { from: 2013, to: null },
};
const exportSupport = {
  name: { en: 'Export support for cluster members' },
  agency: 'Russian Export Center',
  type: 'INTERNATIONALIZATION_SUPPORT',
};
const official = (over: Record<string, unknown> = {}) => ({
  name: 'Ivan Demo (demo)',
  position: 'Head of cluster policy department',
  institution: 'Ministry of Economic Development',
  email: 'ivan.demo@example.org',
  phone: '+7 495 000-00-00',
  ...over,
});

/** The page's next `updated` event by this actor, read from the economy topic. */
async function nextUpdate(code: string, actor: string) {
  const collector = await collectEvents(
    app.kafka,
    TOPICS.economy,
    (e: CloudEvent) =>
      e.type === 'ccp.economies.economy.updated.v1' && e.subject === code && e.actor === actor,
  );
  await collector.start();
  return collector.done.then(
    ([first]) => first.event as CloudEvent<{ changedFields: string[]; entryIds: Record<string, string[]> }>,
  );
}

function erased(userId: string, email?: string): CloudEvent {
  return makeEvent({
    service: 'accounts',
    type: 'ccp.accounts.user.erased.v1',
    subject: userId,
    sequence: 9,
    actor: { subject: userId, role: 'member' },
    data: {
      userId,
      ...(email ? { emailDigest: emailDigest(email, ERASURE_KEY) } : {}),
      erasedAt: new Date().toISOString(),
    },
  });
}

beforeAll(async () => {
  app = await startEconomies('economies_page', {
    topics: ['user'],
    erasureKey: ERASURE_KEY,
    consumers: ['erasureConsumer'],
  });
});

afterAll(async () => {
  await app?.stop();
});

describe('economy page content', () => {
  it('When the coordinator saves support measures, institutions and officials, then visitors see them and one event names the changed lists', async () => {
    const event = nextUpdate('RU', coordinatorRu.subject);
    const before = await stored('RU');

    const saved = (
      await app.ok(coordinatorRu, UPDATE, {
        code: 'ru',
        input: {
          supportMeasures: [pilotClusters, exportSupport],
          institutions: [
            {
              name: { en: 'Russian Cluster Observatory', ru: 'Российская кластерная обсерватория' },
              role: 'Cluster mapping and analysis',
              link: 'https://cluster.hse.ru',
            },
          ],
          officials: [official()],
        },
      })
    ).updateEconomyPage;

    expect(saved.version).toBe(before.version + 1);
    const shown = await page('RU');
    expect(shown.supportMeasures).toHaveLength(2);
    expect(shown.supportMeasures[0]).toMatchObject({
      name: { en: pilotClusters.name.en, ru: pilotClusters.name.ru, text: '创新区域集群试点' },
      agency: 'Ministry of Economic Development',
      type: 'GRANT',
      link: 'https://economy.gov.ru/clusters',
      years: { from: 2013, to: null },
    });
    // The tag is kept canonical, English first.
    expect(shown.supportMeasures[0].name.translations.map((t: { locale: string }) => t.locale)).toEqual([
      'en',
      'ru',
      'zh-Hans',
    ]);
    expect(shown.supportMeasures[1]).toMatchObject({
      description: null,
      link: null,
      years: null,
      name: { ru: null },
    });
    expect(shown.institutions[0]).toMatchObject({
      role: 'Cluster mapping and analysis',
      link: 'https://cluster.hse.ru',
    });
    expect(shown.officials[0]).toMatchObject({
      position: 'Head of cluster policy department',
      email: 'ivan.demo@example.org',
      phone: '+7 495 000-00-00',
    });
    expect(shown.pageUpdatedAt).not.toBeNull();

    const published = await event;
    expect(app.validator.validate(published).ok).toBe(true);
    expect(published).toMatchObject({ sequence: saved.version, economy: 'RU', actorrole: 'coordinator' });
    expect(published.data.changedFields).toEqual(['supportMeasures', 'institutions', 'officials']);
    expect(published.data.entryIds.supportMeasures).toEqual(
      shown.supportMeasures.map((m: { id: string }) => m.id),
    );
    // Officials' names and contacts never enter the topic: it keeps everything, and they could not be erased there.
    expect(JSON.stringify(published)).not.toContain('ivan.demo@example.org');
    expect(JSON.stringify(published)).not.toContain('Ivan Demo');
    expect((await stored('RU')).outbox).toEqual([]);
  });

  it('When the coordinator sends one list back with one entry changed, then ids stay, other lists stay, and only that list is in the event', async () => {
    const current = await page('RU', coordinatorRu);
    const event = nextUpdate('RU', coordinatorRu.subject);
    const [first, second] = current.supportMeasures;

    const saved = (
      await app.ok(coordinatorRu, UPDATE, {
        code: 'RU',
        v: current.version,
        input: {
          supportMeasures: [
            { id: first.id, ...pilotClusters, years: { from: 2013, to: 2024 } },
            { id: second.id, ...exportSupport },
            { ...exportSupport, name: { en: 'Cluster training' }, type: 'TRAINING' },
          ],
        },
      })
    ).updateEconomyPage;

    expect(saved.supportMeasures.map((m: { id: string }) => m.id).slice(0, 2)).toEqual([first.id, second.id]);
    expect(saved.supportMeasures[0].years).toEqual({ from: 2013, to: 2024 });
    expect(saved.officials).toEqual(current.officials);
    expect(saved.institutions).toEqual(current.institutions);
    const published = await event;
    expect(published.data.changedFields).toEqual(['supportMeasures']);
    expect(published.data.entryIds).toEqual({
      supportMeasures: saved.supportMeasures.map((m: { id: string }) => m.id),
    });
  });

  it('When the same lists are saved again, then nothing is written and no event is made', async () => {
    const current = await page('RU', coordinatorRu);
    const again = (
      await app.ok(coordinatorRu, UPDATE, {
        code: 'RU',
        input: { officials: current.officials.map(({ id, ...o }: { id: string }) => ({ id, ...o })) },
      })
    ).updateEconomyPage;
    expect(again.version).toBe(current.version);
    expect((await stored('RU')).version).toBe(current.version);
  });

  it("When the coordinator's edit names an older version, then CONFLICT and the newer page stays", async () => {
    const current = await page('RU', coordinatorRu);
    const res = await app.execute(coordinatorRu, UPDATE, {
      code: 'RU',
      v: current.version - 1,
      input: { supportMeasures: [] },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    expect((await page('RU')).supportMeasures).toHaveLength(3);
  });

  it("When others edit an economy's page, then only its coordinator and the secretariat may", async () => {
    const before = await stored('CN');
    const input = { supportMeasures: [exportSupport] };
    for (const [caller, code] of [
      [coordinatorRu, 'FORBIDDEN'],
      [member, 'FORBIDDEN'],
      [apiClient, 'FORBIDDEN'],
      [anonymous, 'UNAUTHENTICATED'],
    ] as const) {
      const res = await app.execute(caller, UPDATE, { code: 'CN', input });
      expect(res.errors?.[0]?.extensions?.code, caller.subject).toBe(code);
    }
    expect((await stored('CN')).version).toBe(before.version);
    expect((await stored('CN')).supportMeasures ?? []).toEqual([]);

    const own = await app.execute(coordinatorCn, UPDATE, { code: 'CN', input });
    expect(own.errors).toBeUndefined();
    const event = nextUpdate('CN', secretariat.subject);
    const bySecretariat = await app.execute(secretariat, UPDATE, {
      code: 'CN',
      input: { institutions: [{ name: { en: 'Torch High Technology Industry Development Center' } }] },
    });
    expect(bySecretariat.errors).toBeUndefined();
    expect((await event).actorrole).toBe('secretariat');
    expect((await page('CN')).institutions).toHaveLength(1);
  });

  it("When a visitor reads the officials, then their contacts are public but the linked platform user is the editors' to see", async () => {
    const userId = randomUUID();
    await app.ok(coordinatorCn, UPDATE, {
      code: 'CN',
      input: { officials: [official({ name: 'Li Demo (demo)', userId })] },
    });
    expect((await page('CN')).officials[0]).toMatchObject({ email: 'ivan.demo@example.org', userId: null });
    expect((await page('CN', coordinatorRu)).officials[0].userId).toBeNull();
    expect((await page('CN', coordinatorCn)).officials[0].userId).toBe(userId);
    expect((await page('CN', secretariat)).officials[0].userId).toBe(userId);
  });

  it('When another subgraph references an economy, then its page is resolved from the store', async () => {
    const data = await app.ok(
      anonymous,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Economy { code supportMeasures { name { text(locale: "ru-RU") } } officials { position } } } }',
      {
        r: [
          { __typename: 'Economy', code: 'RU' },
          { __typename: 'Economy', code: 'PE' },
        ],
      },
    );
    expect(data._entities[0].supportMeasures[0].name.text).toBe(pilotClusters.name.ru);
    expect(data._entities[0].officials[0].position).toBe('Head of cluster policy department');
    expect(data._entities[1]).toEqual({ code: 'PE', supportMeasures: [], officials: [] });
  });
});

describe('economy page bad input', () => {
  const long = 'x'.repeat(5001);
  const cases: [string, string, Record<string, unknown>, string][] = [
    [
      'a javascript: link',
      'RU',
      { supportMeasures: [{ ...exportSupport, link: 'javascript:alert(1)' }] },
      'supportMeasures.0.link',
    ],
    [
      'a link without http',
      'RU',
      { institutions: [{ name: { en: 'X' }, link: 'ftp://example.org/x' }] },
      'institutions.0.link',
    ],
    ['an unknown economy', 'XX', { supportMeasures: [exportSupport] }, 'code'],
    [
      'an oversize description',
      'RU',
      { supportMeasures: [{ ...exportSupport, description: long }] },
      'supportMeasures.0.description',
    ],
    [
      'an oversize name',
      'RU',
      { institutions: [{ name: { en: 'n'.repeat(201) } }] },
      'institutions.0.name.en',
    ],
    ['too many entries', 'RU', { officials: Array.from({ length: 101 }, () => official()) }, 'officials'],
    [
      'an id not on the page',
      'RU',
      { supportMeasures: [{ ...exportSupport, id: randomUUID() }] },
      'supportMeasures.0.id',
    ],
    [
      'an invalid language tag',
      'RU',
      {
        supportMeasures: [
          { ...exportSupport, name: { en: 'X', other: [{ locale: 'not a tag!', text: 'y' }] } },
        ],
      },
      'supportMeasures.0.name.other.0.locale',
    ],
    [
      'a language given twice',
      'RU',
      { supportMeasures: [{ ...exportSupport, name: { en: 'X', other: [{ locale: 'en', text: 'y' }] } }] },
      'supportMeasures.0.name.other.0.locale',
    ],
    [
      'years ending before they start',
      'RU',
      { supportMeasures: [{ ...exportSupport, years: { from: 2020, to: 2019 } }] },
      'supportMeasures.0.years.to',
    ],
    [
      'HTML in a name',
      'RU',
      { supportMeasures: [{ ...exportSupport, name: { en: '<script>alert(1)</script>' } }] },
      'supportMeasures.0.name.en',
    ],
    ['a malformed email', 'RU', { officials: [official({ email: 'not-an-email' })] }, 'officials.0.email'],
    ['a malformed phone', 'RU', { officials: [official({ phone: 'call me' })] }, 'officials.0.phone'],
    ['an empty position', 'RU', { officials: [official({ position: '  ' })] }, 'officials.0.position'],
  ];

  it.each(cases)(
    'When the page is saved with %s, then BAD_USER_INPUT names the field and nothing is stored',
    async (_what, code, input, field) => {
      const before = await stored('RU');
      const res = await app.execute(secretariat, UPDATE, { code, input });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      const after = await stored('RU');
      expect(after.version).toBe(before.version);
      expect(after.supportMeasures).toEqual(before.supportMeasures);
      expect(after.officials).toEqual(before.officials);
      expect(after.outbox).toEqual([]);
    },
  );
});

describe("officials' erasure", () => {
  it('When a user is erased, then the official entries linked to them or carrying their email leave every page, once, with an event', async () => {
    const userId = randomUUID();
    const email = `Official.${run}@Example.org`;
    await app.ok(secretariat, UPDATE, {
      code: 'PE',
      input: {
        officials: [
          official({ name: 'Linked Demo', userId }),
          official({ name: 'Other Demo', email: 'someone.else@example.org' }),
        ],
      },
    });
    await app.ok(secretariat, UPDATE, {
      code: 'CL',
      input: { officials: [official({ name: 'Typed Demo', email: email.toLowerCase() })] },
    });
    const event = nextUpdate('PE', 'system');

    await app.send(app.topics.user, erased(userId, email));

    await waitFor(async () => ((await page('CL')).officials.length === 0 ? true : undefined), {
      what: 'the CL entry to go',
    });
    await waitFor(async () => ((await page('PE')).officials.length === 1 ? true : undefined), {
      what: 'the PE entry to go',
    });
    expect((await page('PE')).officials[0].name).toBe('Other Demo');
    const published = await event;
    expect(published).toMatchObject({ actorrole: 'system', data: { changedFields: ['officials'] } });
    expect(app.validator.validate(published).ok).toBe(true);

    // A redelivery finds nothing left to remove.
    const versions = [(await stored('PE')).version, (await stored('CL')).version];
    await app.send(app.topics.user, erased(userId, email));
    await waitForCaughtUp(app.kafka, app.named.erasureConsumer.groupId, [app.topics.user]);
    expect([(await stored('PE')).version, (await stored('CL')).version]).toEqual(versions);
  });

  it('When a user who wrote publications is erased, then their id leaves them and the texts stay', async () => {
    const userId = randomUUID();
    const author: Caller = {
      subject: userId,
      kind: 'user',
      grants: [{ role: 'economy-coordinator', economy: 'NZ' }],
    };
    const { createPublication } = await app.ok(
      author,
      'mutation($input: PublicationInput!) { createPublication(input: $input) { id } }',
      {
        input: {
          kind: 'NEWS',
          title: 'Written by a user who leaves',
          body: 'Text.',
          language: 'en',
          economies: ['NZ'],
          status: 'PUBLISHED',
        },
      },
    );
    await app.send(app.topics.user, erased(userId));
    const doc = await waitFor(
      async () => {
        const d = await app.models.publications.findById(createPublication.id).lean();
        return d?.createdBy === 'erased-user' ? d : undefined;
      },
      { what: 'the author id to be erased' },
    );
    expect(doc).toMatchObject({
      updatedBy: 'erased-user',
      title: 'Written by a user who leaves',
      status: 'PUBLISHED',
    });
  });

  it('When an erasure event carries no email digest, then only the entries linked by user id go', async () => {
    const userId = randomUUID();
    await app.ok(secretariat, UPDATE, {
      code: 'MX',
      input: {
        officials: [official({ name: 'Linked', userId }), official({ name: 'Same email, not linked' })],
      },
    });
    await app.send(app.topics.user, erased(userId));
    await waitFor(async () => ((await page('MX')).officials.length === 1 ? true : undefined), {
      what: 'the linked entry to go',
    });
    expect((await page('MX')).officials[0].name).toBe('Same email, not linked');
  });
});
