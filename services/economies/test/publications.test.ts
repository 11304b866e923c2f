import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type Caller, schemasDir } from '@ccp/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicationDocument } from '../src/model/publication.js';
import { anonymous, callers, type Economies, type Result, startEconomies } from './harness.js';

let app: Economies;
const PUBLIC_URL = 'https://ccp.example.org';

const run = randomUUID().slice(0, 8);
const { secretariat, member, apiClient, coordinatorOf } = callers(run);
const coordinatorRu = coordinatorOf('RU');
const coordinatorCn = coordinatorOf('CN');

const FIELDS =
  'id kind title summary body language economies { code name } clusterIds specializations status publishedAt version';
const CREATE = `mutation($input: PublicationInput!) { createPublication(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $v: Int, $input: PublicationInput!) { updatePublication(id: $id, expectedVersion: $v, input: $input) { ${FIELDS} } }`;
const DELETE = 'mutation($id: ID!, $v: Int) { deletePublication(id: $id, expectedVersion: $v) }';
const ONE = `query($id: ID!) { publication(id: $id) { ${FIELDS} } }`;
const LIST = `query($kind: PublicationKind, $economy: ID, $language: String, $status: PublicationStatus, $first: Int, $after: String) {
  publications(kind: $kind, economy: $economy, language: $language, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id title status publishedAt }
  }
}`;

const news = (over: Record<string, unknown> = {}) => ({
  kind: 'NEWS',
  title: `Cluster news ${randomUUID().slice(0, 6)}`,
  summary: 'Short summary.',
  body: '# Heading\n\nSome **markdown** with a [link](https://example.org).',
  language: 'en',
  economies: ['RU'],
  ...over,
});

const create = async (caller: Caller, input: Record<string, unknown>) =>
  (await app.ok(caller, CREATE, { input })).createPublication;
const readAs = async (caller: Caller, id: string) => (await app.ok(caller, ONE, { id })).publication;
const stored = (id: string) => app.models.publications.findById(id).lean<PublicationDocument>();

beforeAll(async () => {
  // Served as runService serves it: the feed must answer without a caller token.
  app = await startEconomies('economies_publications', { publicUrl: `${PUBLIC_URL}/`, http: true });
});

afterAll(async () => {
  await app?.stop();
});

describe('publications', () => {
  it('When the secretariat publishes news, then everyone reads it, in lists, on its economies and by id', async () => {
    const created = await create(
      secretariat,
      news({
        economies: ['RU', 'cn'],
        status: 'PUBLISHED',
        specializations: ['aerospace.space'],
        clusterIds: ['b81f4a27-5c3e-4d9a-8f10-2e6d7c9a4b53'],
      }),
    );

    expect(created).toMatchObject({ status: 'PUBLISHED', version: 1, specializations: ['aerospace.space'] });
    expect(created.economies.map((e: { code: string }) => e.code)).toEqual(['RU', 'CN']);
    expect(Date.now() - Date.parse(created.publishedAt)).toBeLessThan(60_000);
    expect(await readAs(anonymous, created.id)).toMatchObject({ id: created.id, title: created.title });
    const { publications } = await app.ok(anonymous, LIST, { economy: 'CN' });
    expect(publications.nodes.map((p: { id: string }) => p.id)).toContain(created.id);
    const { economy } = await app.ok(
      anonymous,
      'query { economy(code: "RU") { publications(first: 3) { id } } }',
    );
    expect(economy.publications.map((p: { id: string }) => p.id)).toContain(created.id);
  });

  it('When a coordinator writes a draft for their economy, then only they and the secretariat see it until it is published', async () => {
    const draft = await create(coordinatorRu, news({ title: 'Draft of the RU coordinator' }));
    expect(draft).toMatchObject({ status: 'DRAFT', publishedAt: null });

    expect(await readAs(anonymous, draft.id)).toBeNull();
    expect(await readAs(coordinatorCn, draft.id)).toBeNull();
    expect(await readAs(member, draft.id)).toBeNull();
    expect((await readAs(secretariat, draft.id)).id).toBe(draft.id);
    const ids = async (caller: Caller, status: string) =>
      (await app.ok(caller, LIST, { status })).publications.nodes.map((p: { id: string }) => p.id);
    expect(await ids(coordinatorRu, 'DRAFT')).toContain(draft.id);
    expect(await ids(secretariat, 'DRAFT')).toContain(draft.id);
    expect(await ids(coordinatorCn, 'DRAFT')).not.toContain(draft.id);
    expect(await ids(anonymous, 'DRAFT')).toEqual([]);
    expect(await ids(anonymous, 'PUBLISHED')).not.toContain(draft.id);

    const published = (
      await app.ok(coordinatorRu, UPDATE, {
        id: draft.id,
        v: 1,
        input: news({ title: draft.title, status: 'PUBLISHED' }),
      })
    ).updatePublication;
    expect(published).toMatchObject({ status: 'PUBLISHED', version: 2 });
    expect(published.publishedAt).not.toBeNull();
    expect((await readAs(anonymous, draft.id)).status).toBe('PUBLISHED');
  });

  it('When a coordinator writes for other economies, for none, or for theirs and another, then FORBIDDEN and nothing is stored', async () => {
    const before = await app.models.publications.countDocuments();
    for (const economies of [['CN'], [], ['RU', 'CN']]) {
      const res = await app.execute(coordinatorRu, CREATE, { input: news({ economies }) });
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(economies)).toBe('FORBIDDEN');
    }
    for (const [caller, code] of [
      [member, 'FORBIDDEN'],
      [apiClient, 'FORBIDDEN'],
      [anonymous, 'UNAUTHENTICATED'],
    ] as const) {
      const res = await app.execute(caller, CREATE, { input: news() });
      expect(res.errors?.[0]?.extensions?.code, caller.subject).toBe(code);
    }
    expect(await app.models.publications.countDocuments()).toBe(before);
    // The secretariat may write APEC-wide items (no economy tag).
    expect((await create(secretariat, news({ economies: [] }))).economies).toEqual([]);
  });

  it('When a coordinator edits or deletes publications, then only those tagged with their economy alone, and never retagged to another', async () => {
    const shared = await create(secretariat, news({ economies: ['RU', 'CN'], status: 'PUBLISHED' }));
    const ruOnly = await create(secretariat, news({ economies: ['RU'], status: 'PUBLISHED' }));

    const onShared = await app.execute(coordinatorRu, UPDATE, {
      id: shared.id,
      input: news({ economies: ['RU'] }),
    });
    expect(onShared.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const deleteShared = await app.execute(coordinatorRu, DELETE, { id: shared.id });
    expect(deleteShared.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const retag = await app.execute(coordinatorRu, UPDATE, {
      id: ruOnly.id,
      input: news({ economies: ['CN'] }),
    });
    expect(retag.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byOther = await app.execute(coordinatorCn, UPDATE, {
      id: ruOnly.id,
      input: news({ economies: ['CN'] }),
    });
    expect(byOther.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byAnonymous = await app.execute(anonymous, DELETE, { id: ruOnly.id });
    expect(byAnonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await stored(shared.id))?.version).toBe(1);
    expect((await stored(ruOnly.id))?.economies).toEqual(['RU']);

    const edited = (
      await app.ok(coordinatorRu, UPDATE, {
        id: ruOnly.id,
        input: news({ title: 'Edited by RU', status: 'PUBLISHED' }),
      })
    ).updatePublication;
    expect(edited).toMatchObject({ title: 'Edited by RU', version: 2, publishedAt: ruOnly.publishedAt });
    expect((await app.ok(coordinatorRu, DELETE, { id: ruOnly.id, v: 2 })).deletePublication).toBe(ruOnly.id);
    expect(await stored(ruOnly.id)).toBeNull();
    expect((await app.ok(secretariat, DELETE, { id: shared.id })).deletePublication).toBe(shared.id);
  });

  it('When an edit names an older version, then CONFLICT and the newer one stays', async () => {
    const p = await create(secretariat, news());
    await app.ok(secretariat, UPDATE, { id: p.id, v: 1, input: news({ title: 'Second' }) });
    const res = await app.execute(secretariat, UPDATE, { id: p.id, v: 1, input: news({ title: 'Stale' }) });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    expect((await stored(p.id))?.title).toBe('Second');
  });

  it('When publications are paged, then newest first, each exactly once, filtered by kind, economy and language', async () => {
    const base = Date.parse('2024-03-01T00:00:00Z');
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const p = await create(secretariat, {
        ...news({ economies: ['PE'], status: 'PUBLISHED', language: i % 2 ? 'es' : 'en-GB' }),
        kind: i === 4 ? 'RESEARCH' : 'NEWS',
        publishedAt: new Date(base + i * 86_400_000).toISOString(),
      });
      made.push(p.id);
    }
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { publications } = await app.ok(anonymous, LIST, { economy: 'PE', first: 2, after });
      expect(publications.totalCount).toBe(5);
      seen.push(...publications.nodes.map((p: { id: string }) => p.id));
      after = publications.pageInfo.hasNextPage ? publications.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual([...made].reverse());

    const newsOnly = (await app.ok(anonymous, LIST, { economy: 'PE', kind: 'NEWS' })).publications;
    expect(newsOnly.nodes.map((p: { id: string }) => p.id)).toEqual(made.slice(0, 4).reverse());
    const english = (await app.ok(anonymous, LIST, { economy: 'PE', language: 'en' })).publications;
    expect(english.nodes.map((p: { id: string }) => p.id)).toEqual([made[4], made[2], made[0]]);
    const research = (
      await app.ok(anonymous, 'query { economy(code: "PE") { publications(kind: RESEARCH) { id } } }')
    ).economy;
    expect(research.publications).toEqual([{ id: made[4] }]);
  });
});

describe('demo seed', () => {
  it('When the demo seed runs twice, then its pages and publications pass validation and are written once', async () => {
    // The script's own source, imported by path: scripts/ is plain JavaScript outside this package.
    const { seedEconomyPages } = (await import(
      join(schemasDir(), '..', 'scripts', 'demo-data', 'economy-pages.mjs')
    )) as {
      seedEconomyPages(
        graphql: (q: string, v: Record<string, unknown>) => Promise<unknown>,
      ): Promise<{ pages: number; publications: number }>;
    };
    const graphql = (query: string, variables: Record<string, unknown>) =>
      app.ok(secretariat, query, variables);

    expect(await seedEconomyPages(graphql)).toEqual({ pages: 3, publications: 4 });
    expect(await seedEconomyPages(graphql)).toEqual({ pages: 0, publications: 0 });
    const { economy } = await app.ok(
      anonymous,
      'query { economy(code: "RU") { supportMeasures { name { en } } officials { name position } } }',
    );
    expect(economy.supportMeasures[0].name.en).toBe('Pilot innovative territorial clusters programme');
    expect(economy.officials[0]).toEqual({
      name: 'Anna Demidova (demo)',
      position: 'Head of cluster policy department',
    });
  });
});

describe('publications bad input', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['an unknown economy tag', news({ economies: ['XX'] }), 'economies.0'],
    ['an unknown specialization', news({ specializations: ['aerospace.warp-drive'] }), 'specializations.0'],
    ['a malformed cluster id', news({ clusterIds: ['{"$ne": null}'] }), 'clusterIds.0'],
    ['a body over 100 KB', news({ body: 'ж'.repeat(51_201) }), 'body'],
    ['HTML in the body', news({ body: 'Hello <img src=x onerror=alert(1)>' }), 'body'],
    ['HTML in the title', news({ title: 'News <b>bold</b>' }), 'title'],
    ['an oversize title', news({ title: 't'.repeat(301) }), 'title'],
    ['an invalid language', news({ language: 'english please' }), 'language'],
    [
      'a date in the future',
      news({ publishedAt: new Date(Date.now() + 86_400_000).toISOString() }),
      'publishedAt',
    ],
    ['a date that is no date', news({ publishedAt: 'yesterday' }), 'publishedAt'],
    ['too many economies', news({ economies: Array.from({ length: 22 }, () => 'RU') }), 'economies'],
  ];

  it.each(cases)(
    'When a publication is written with %s, then BAD_USER_INPUT names the field and nothing is stored',
    async (_what, input, field) => {
      const before = await app.models.publications.countDocuments();
      const res = await app.execute(secretariat, CREATE, { input });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await app.models.publications.countDocuments()).toBe(before);
    },
  );

  it('When an update carries bad input, then BAD_USER_INPUT and the stored publication is unchanged', async () => {
    const p = await create(secretariat, news());
    const res = await app.execute(secretariat, UPDATE, {
      id: p.id,
      input: news({ economies: ['RU', 'ZZ'] }),
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'economies.1' });
    expect(await stored(p.id)).toMatchObject({ version: 1, economies: ['RU'] });
  });

  it('When a list is asked with a forged cursor or a page size out of range, then BAD_USER_INPUT names the argument', async () => {
    const forged = await app.execute(anonymous, LIST, { after: 'not-a-cursor' });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const tooMany = await app.execute(anonymous, LIST, { first: 101 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const economy = await app.execute(anonymous, LIST, { economy: 'XX' });
    expect(economy.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'economy' });
  });
});

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict little XML reader (no DTDs, no CDATA — the feed uses neither): fails on a tag that does not close in
 * order, an unquoted or duplicated attribute, a raw `<` or `&` in text, or an unknown entity.
 */
function parseXml(xml: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed at ${i}: ${why}`);
  };
  const isNameChar = (c: string) =>
    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ':-_.'.includes(c);
  const name = () => {
    const start = i;
    while (i < xml.length && isNameChar(xml[i]!)) i++;
    if (i === start) fail('expected a name');
    return xml.slice(start, i);
  };
  const spaces = () => {
    while (' \t\r\n'.includes(xml[i] ?? 'x')) i++;
  };
  const decode = (raw: string) => {
    let out = '';
    for (let k = 0; k < raw.length; k++) {
      const c = raw[k]!;
      if (c === '<') fail('raw < in character data');
      if (c !== '&') {
        out += c;
        continue;
      }
      const end = raw.indexOf(';', k);
      const entity = end > k ? raw.slice(k + 1, end) : fail('unterminated entity');
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (named[entity]) out += named[entity];
      else if (entity.startsWith('#x')) out += String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
      else if (entity.startsWith('#')) out += String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
      else fail(`unknown entity &${entity};`);
      k = end;
    }
    return out;
  };
  const element = (): XmlElement => {
    if (xml[i] !== '<') fail('expected <');
    i++;
    const el: XmlElement = { name: name(), attributes: {}, children: [], text: '' };
    for (;;) {
      spaces();
      if (xml.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (xml[i] === '>') {
        i++;
        break;
      }
      const attribute = name();
      spaces();
      if (xml[i] !== '=') fail('expected =');
      i++;
      spaces();
      const quote = xml[i];
      if (quote !== '"' && quote !== "'") fail('unquoted attribute');
      const end = xml.indexOf(quote!, i + 1);
      if (end < 0) fail('unterminated attribute');
      if (attribute in el.attributes) fail(`duplicate attribute ${attribute}`);
      el.attributes[attribute] = decode(xml.slice(i + 1, end));
      i = end + 1;
    }
    for (;;) {
      const next = xml.indexOf('<', i);
      if (next < 0) fail(`<${el.name}> does not close`);
      el.text += decode(xml.slice(i, next));
      i = next;
      if (xml.startsWith('</', i)) {
        i += 2;
        if (name() !== el.name) fail(`</…> does not close <${el.name}>`);
        spaces();
        if (xml[i] !== '>') fail('expected >');
        i++;
        return el;
      }
      el.children.push(element());
    }
  };
  if (!xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')) fail('no XML declaration');
  i = xml.indexOf('?>') + 2;
  spaces();
  const root = element();
  spaces();
  if (i !== xml.length) fail('content after the root element');
  return root;
}

const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);
const children = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);

describe('news feed', () => {
  const feed = (query = '') => fetch(`${app.url}/public/feeds/news.atom${query}`);

  it('When a reader fetches the feed without a token, then it is well-formed Atom 1.0 with the latest published news only, escaped', async () => {
    const tricky = `R&D <-> "clusters" & 'tags' ]]> ${run}`;
    const item = await create(
      secretariat,
      news({
        title: tricky,
        summary: 'Less < more & "quoted"',
        economies: ['VN'],
        status: 'PUBLISHED',
        specializations: ['automotive.ev'],
      }),
    );
    const draft = await create(secretariat, news({ title: `Draft ${run}`, economies: ['VN'] }));
    const research = await create(
      secretariat,
      news({ kind: 'RESEARCH', title: `Research ${run}`, economies: ['VN'], status: 'PUBLISHED' }),
    );

    const res = await feed();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    const root = parseXml(xml);

    expect(root.name).toBe('feed');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(child(root, 'id')?.text).toBe('tag:apec-ccp.org,2025:feeds/news');
    expect(child(root, 'title')?.text).toBe('APEC Cluster Collaboration Platform: news');
    expect(Date.parse(child(root, 'updated')!.text)).not.toBeNaN();
    expect(children(root, 'link').map((l) => [l.attributes.rel, l.attributes.href])).toEqual([
      ['self', `${PUBLIC_URL}/feeds/news.atom`],
      ['alternate', PUBLIC_URL],
    ]);
    const entries = children(root, 'entry');
    expect(entries[0]).toBeDefined();
    const mine = entries.find((e) => child(e, 'id')?.text === `urn:uuid:${item.id}`)!;
    expect(mine).toBeDefined();
    expect(child(mine, 'title')?.text).toBe(tricky);
    expect(xml).toContain(
      `<title type="text">R&amp;D &lt;-&gt; &quot;clusters&quot; &amp; &apos;tags&apos; ]]&gt; ${run}</title>`,
    );
    expect(child(mine, 'summary')?.text).toBe('Less < more & "quoted"');
    expect(child(mine, 'updated')?.text).toBe(item.publishedAt);
    expect(child(mine, 'link')?.attributes).toMatchObject({
      rel: 'alternate',
      href: `${PUBLIC_URL}/publications/${item.id}`,
    });
    expect(child(child(mine, 'author')!, 'name')?.text).toBe('APEC Cluster Collaboration Platform');
    expect(children(mine, 'category').map((c) => [c.attributes.term, c.attributes.label])).toEqual([
      ['VN', 'Viet Nam'],
      ['automotive.ev', undefined],
    ]);
    const ids = entries.map((e) => child(e, 'id')?.text);
    expect(ids).not.toContain(`urn:uuid:${draft.id}`);
    expect(ids).not.toContain(`urn:uuid:${research.id}`);
    // Newest first.
    const dates = entries.map((e) => Date.parse(child(e, 'published')!.text));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it('When the feed is asked for one economy, then only its news come, unchanged ones as 304, and an unknown economy is refused naming the parameter', async () => {
    const mine = await create(secretariat, news({ economies: ['TH'], status: 'PUBLISHED' }));
    const root = parseXml(await (await feed('?economy=th')).text());
    expect(child(root, 'id')?.text).toBe('tag:apec-ccp.org,2025:feeds/news:TH');
    expect(child(root, 'title')?.text).toBe('APEC Cluster Collaboration Platform: news of Thailand');
    expect(children(root, 'entry').map((e) => child(e, 'id')?.text)).toEqual([`urn:uuid:${mine.id}`]);

    // A reader polling with the ETag it has gets 304 until something changes.
    const etag = (await feed('?economy=TH')).headers.get('etag')!;
    expect(
      (await fetch(`${app.url}/public/feeds/news.atom?economy=TH`, { headers: { 'if-none-match': etag } }))
        .status,
    ).toBe(304);
    await create(secretariat, news({ economies: ['TH'], status: 'PUBLISHED' }));
    expect(
      (await fetch(`${app.url}/public/feeds/news.atom?economy=TH`, { headers: { 'if-none-match': etag } }))
        .status,
    ).toBe(200);

    const bad = await feed('?economy=XX');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Result).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'economy',
    });
  });

  it('When there are more than 50 published news, then the feed carries the latest 50', async () => {
    const base = Date.parse('2023-01-01T00:00:00Z');
    const docs = Array.from({ length: 55 }, (_, i) => {
      const at = new Date(base + i * 3_600_000);
      return {
        _id: randomUUID(),
        kind: 'NEWS' as const,
        title: `Bulk ${i}`,
        summary: null,
        body: 'Body',
        language: 'en',
        economies: ['BN'],
        clusterIds: [],
        specializations: [],
        status: 'PUBLISHED' as const,
        publishedAt: at,
        sortAt: at,
        createdAt: at,
        createdBy: secretariat.subject,
        updatedAt: at,
        updatedBy: secretariat.subject,
        version: 1,
      };
    });
    await app.models.publications.insertMany(docs);
    const entries = children(parseXml(await (await feed('?economy=BN')).text()), 'entry');
    expect(entries).toHaveLength(50);
    expect(child(entries[0]!, 'title')?.text).toBe('Bulk 54');
    expect(child(entries[49]!, 'title')?.text).toBe('Bulk 5');
    // Without a summary, the body stands in.
    expect(child(entries[0]!, 'summary')?.text).toBe('Body');
  });
});
