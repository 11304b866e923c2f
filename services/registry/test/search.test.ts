import { randomUUID } from 'node:crypto';
import { type Caller, EventValidator, TOPICS } from '@ccp/kit';
import {
  collectEvents,
  connectedProducer,
  ensureTopics,
  freshDatabase,
  testKafka,
  testLogger,
  waitFor,
} from '@ccp/kit/testing';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishCluster } from '../src/domain/publish-cluster.js';
import { registerCluster } from '../src/domain/register-cluster.js';
import { updateCluster } from '../src/domain/update-cluster.js';
import { createServer } from '../src/server.js';

const kafka = testKafka();
const groups = {
  erasureGroupId: `test-erasure-${randomUUID()}`,
  savedSearchGroupId: `test-saved-${randomUUID()}`,
  readModelGroupId: `test-read-model-${randomUUID()}`,
};
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;
let server: Awaited<ReturnType<typeof createServer>>;

const user = (subject: string, grants: Caller['grants'] = []): Caller => ({ subject, kind: 'user', grants });
const anonymous: Caller = { subject: 'anonymous', kind: 'anonymous', grants: [] };
const member = user('user-member');
const secretariat = user('user-secretariat', [{ role: 'secretariat' }]);
const coordinatorOf = (economy: string) =>
  user(`user-coordinator-${economy}`, [{ role: 'economy-coordinator', economy }]);

async function run(query: string, variables: Record<string, unknown> = {}, caller: Caller = anonymous) {
  const res = await server.apollo.executeOperation(
    { query, variables },
    { contextValue: await server.context(caller) },
  );
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return res.body.singleResult as { data?: any; errors?: any[] };
}

async function ok(query: string, variables: Record<string, unknown> = {}, caller: Caller = anonymous) {
  const { data, errors } = await run(query, variables, caller);
  if (errors) throw new Error(JSON.stringify(errors));
  return data;
}

/** Registers (as `by`) and publishes (as the secretariat) a cluster. */
async function published(input: Record<string, unknown>, by: Caller = member) {
  const c = await registerCluster(server.deps, by, input);
  await publishCluster(server.deps, secretariat, c.id, c.version);
  return c.id;
}

const SEARCH = `query ($filter: ClusterFilter, $sort: ClusterSort, $direction: SortDirection, $first: Int, $after: String, $locale: String) {
  clusters(filter: $filter, sort: $sort, direction: $direction, first: $first, after: $after, locale: $locale) {
    totalCount
    nodes { id name economyCode status memberTypes updatedAt }
    pageInfo { hasNextPage endCursor }
    facets {
      economies { value count }
      specializations { value count }
      memberTypes { value count }
      internationalMembership { value count }
    }
  }
}`;

const ids: Record<string, string> = {};
const tag = randomUUID().slice(0, 6);

beforeAll(async () => {
  db = await freshDatabase('registry_search');
  await ensureTopics(kafka);
  producer = await connectedProducer(kafka);
  server = await createServer({
    mongo: db,
    kafka,
    producer,
    validator: new EventValidator(),
    logger: testLogger(),
    ...groups,
  });
  await server.apollo.start();
  ids.kaluga = await published({
    name: { en: 'Kaluga Pharmaceutical Cluster', ru: 'Фармацевтический кластер Калужской области' },
    economyCode: 'RU',
    location: { lat: 54.513845, lng: 36.261215 },
    specializations: ['pharma'],
    keyMembers: [
      { name: 'Novo Nordisk', type: 'LARGE_COMPANY' },
      { name: 'Obninsk Institute', type: 'RESEARCH_INSTITUTE' },
    ],
    internationalMemberships: [{ name: 'European Cluster Collaboration Platform' }],
    founded: 2012,
    memberCount: 70,
  });
  ids.shenzhen = await published({
    name: { en: 'Shenzhen Next-Generation ICT Cluster', zh: '深圳新一代信息技术产业集群' },
    economyCode: 'CN',
    location: { lat: 22.54, lng: 114.05 },
    specializations: ['ict.software'],
    keyMembers: [{ name: 'SME One', type: 'SME' }],
    founded: 2005,
    memberCount: 500,
  });
  ids.monterrey = await published({
    name: { en: 'Clúster de Energía de Nuevo León' },
    economyCode: 'MX',
    location: { lat: 25.67, lng: -100.31 },
    specializations: ['energy'],
    keyMembers: [{ name: 'Universidad Autónoma de Nuevo León', type: 'UNIVERSITY' }],
    founded: 2015,
  });
  ids.tomsk = await published({
    name: { en: 'Smart Technologies Tomsk', ru: 'Умные технологии Томска' },
    economyCode: 'RU',
    specializations: ['ict'],
    keyMembers: [{ name: 'Tomsk State University', type: 'UNIVERSITY' }],
    founded: 2012,
    memberCount: 120,
  });
  ids.draft = (
    await registerCluster(server.deps, member, { name: { en: `Draft ${tag} Cluster` }, economyCode: 'RU' })
  ).id;
});

afterAll(async () => {
  await server?.deps.readModel.stop();
  await Promise.allSettled((server?.consumers ?? []).map((c) => c.stop()));
  await server?.apollo.stop();
  await producer?.disconnect();
  await db?.drop();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups(Object.values(groups)).catch(() => {});
  await admin.disconnect();
});

describe('clusters: filters, facets, sort and pages', () => {
  it('When no filter is given, then every published cluster (no draft) is returned by name, with facet counts', async () => {
    const { clusters } = await ok(SEARCH);
    expect(clusters.nodes.map((n: any) => n.id)).toEqual([
      ids.monterrey,
      ids.kaluga,
      ids.shenzhen,
      ids.tomsk,
    ]);
    expect(clusters.totalCount).toBe(4);
    expect(clusters.facets.economies).toEqual([
      { value: 'RU', count: 2 },
      { value: 'CN', count: 1 },
      { value: 'MX', count: 1 },
    ]);
    expect(clusters.facets.internationalMembership).toEqual([
      { value: 'false', count: 3 },
      { value: 'true', count: 1 },
    ]);
  });

  it('When filtering by an economy, then only its clusters match but the economy facet still counts the others', async () => {
    const { clusters } = await ok(SEARCH, { filter: { economies: ['RU'] } });
    expect(clusters.nodes.map((n: any) => n.id)).toEqual([ids.kaluga, ids.tomsk]);
    expect(clusters.facets.economies.find((f: any) => f.value === 'CN')).toEqual({ value: 'CN', count: 1 });
    expect(clusters.facets.memberTypes).toEqual([
      { value: 'LARGE_COMPANY', count: 1 },
      { value: 'RESEARCH_INSTITUTE', count: 1 },
      { value: 'UNIVERSITY', count: 1 },
    ]);
  });

  it('When filtering by a parent specialization, then clusters with its children match too', async () => {
    const { clusters } = await ok(SEARCH, { filter: { specializations: ['ict'] } });
    expect(clusters.nodes.map((n: any) => n.id).sort()).toEqual([ids.shenzhen, ids.tomsk].sort());
  });

  it('When filtering by member type, international membership and founded range, then all criteria combine', async () => {
    const universities = await ok(SEARCH, { filter: { memberTypes: ['UNIVERSITY'] } });
    expect(universities.clusters.nodes.map((n: any) => n.id)).toEqual([ids.monterrey, ids.tomsk]);
    const international = await ok(SEARCH, { filter: { internationalMembership: true } });
    expect(international.clusters.nodes.map((n: any) => n.id)).toEqual([ids.kaluga]);
    const founded = await ok(SEARCH, { filter: { foundedFrom: 2010, foundedTo: 2012 } });
    expect(founded.clusters.nodes.map((n: any) => n.id)).toEqual([ids.kaluga, ids.tomsk]);
    const none = await ok(SEARCH, { filter: { foundedFrom: 2010, economies: ['CN'] } });
    expect(none.clusters.totalCount).toBe(0);
  });

  it('When searching text in Russian, Chinese or without accents, then the matching cluster is found', async () => {
    const find = async (text: string) =>
      (await ok(SEARCH, { filter: { text } })).clusters.nodes.map((n: any) => n.id);
    expect(await find('фармацевтический калужской')).toEqual([ids.kaluga]);
    expect(await find('信息技术')).toEqual([ids.shenzhen]);
    expect(await find('energia leon')).toEqual([ids.monterrey]);
    expect(await find('autonoma')).toEqual([ids.monterrey]);
    expect(await find('novo nordisk')).toEqual([ids.kaluga]);
    expect(await find('{"$ne": null}')).toEqual([]);
  });

  it('When sorting by relevance, then a name match ranks above a match in other fields', async () => {
    const { clusters } = await ok(SEARCH, { filter: { text: 'tomsk' }, sort: 'RELEVANCE' });
    expect(clusters.nodes[0].id).toBe(ids.tomsk);
  });

  it('When sorting by member count or name descending, then the order follows', async () => {
    const byMembers = await ok(SEARCH, { sort: 'MEMBER_COUNT' });
    expect(byMembers.clusters.nodes.map((n: any) => n.id)).toEqual([
      ids.shenzhen,
      ids.tomsk,
      ids.kaluga,
      ids.monterrey,
    ]);
    const ascending = await ok(SEARCH, { sort: 'MEMBER_COUNT', direction: 'ASC' });
    expect(ascending.clusters.nodes[0].id).toBe(ids.monterrey);
    const byName = await ok(SEARCH, { sort: 'NAME', direction: 'DESC' });
    expect(byName.clusters.nodes.map((n: any) => n.id)).toEqual([
      ids.tomsk,
      ids.shenzhen,
      ids.kaluga,
      ids.monterrey,
    ]);
  });

  it('When paging with first and after, then every cluster comes exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i += 1) {
      const { clusters }: any = await ok(SEARCH, { first: 3, after });
      seen.push(...clusters.nodes.map((n: any) => n.id));
      if (!clusters.pageInfo.hasNextPage) break;
      after = clusters.pageInfo.endCursor;
    }
    expect(seen).toEqual([ids.monterrey, ids.kaluga, ids.shenzhen, ids.tomsk]);
  });

  it('When a cluster is updated, then search reflects it at once and UPDATED sorts it first', async () => {
    const id = await published({ name: { en: `Update Me ${tag}` }, economyCode: 'NZ' });
    const before = await ok(SEARCH, { filter: { text: `aquaculture ${tag}` } });
    expect(before.clusters.totalCount).toBe(0);
    const current = (await server.deps.readModel.byIds([id]))[0]!;
    await updateCluster(server.deps, secretariat, id, current.version, {
      mission: { en: 'Aquaculture exports' },
    });
    const after = await ok(SEARCH, { filter: { text: `aquaculture ${tag}` } });
    expect(after.clusters.nodes.map((n: any) => n.id)).toEqual([id]);
    const recent = await ok(SEARCH, { sort: 'UPDATED', first: 1 });
    expect(recent.clusters.nodes[0].id).toBe(id);
  });
});

describe('who sees what', () => {
  it('When anyone but a privileged caller asks for drafts, then none are returned; the coordinator of its economy sees them', async () => {
    const anon = await ok(SEARCH, { filter: { status: 'DRAFT' } });
    expect(anon.clusters.totalCount).toBe(0);
    const otherCoordinator = await ok(SEARCH, { filter: { status: 'DRAFT' } }, coordinatorOf('CN'));
    expect(otherCoordinator.clusters.totalCount).toBe(0);
    const coordinator = await ok(SEARCH, { filter: { status: 'DRAFT' } }, coordinatorOf('RU'));
    expect(coordinator.clusters.nodes.map((n: any) => n.id)).toContain(ids.draft);
    const manager = await ok(
      SEARCH,
      { filter: { status: 'DRAFT' } },
      user('m', [{ role: 'cluster-manager', clusterId: ids.draft }]),
    );
    expect(manager.clusters.nodes.map((n: any) => n.id)).toEqual([ids.draft]);
  });

  it('When an anonymous caller reads a draft by id or slug, then it is null; its coordinator reads it', async () => {
    const Q = `query ($id: ID) { cluster(id: $id) { id status } }`;
    expect((await ok(Q, { id: ids.draft })).cluster).toBeNull();
    expect((await ok(Q, { id: ids.draft }, member)).cluster).toBeNull();
    expect((await ok(Q, { id: ids.draft }, coordinatorOf('RU'))).cluster).toEqual({
      id: ids.draft,
      status: 'DRAFT',
    });
    expect((await ok(Q, { id: ids.kaluga })).cluster.status).toBe('PUBLISHED');
  });
});

describe('bad search input', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['an unknown economy', { filter: { economies: ['XX'] } }, 'filter.economies.0'],
    ['an unknown specialization', { filter: { specializations: ['no-such'] } }, 'filter.specializations.0'],
    ['a founded range backwards', { filter: { foundedFrom: 2015, foundedTo: 2010 } }, 'filter.foundedTo'],
    ['an oversize text', { filter: { text: 'x'.repeat(201) } }, 'filter.text'],
    ['a page too large', { first: 201 }, 'first'],
    ['a forged cursor', { after: 'eyJub3QiOiJvdXJzIn0' }, 'after'],
    ['a locale that is not a tag', { locale: '../../etc' }, 'locale'],
  ];
  for (const [what, variables, field] of cases) {
    it(`When the search has ${what}, then BAD_USER_INPUT names ${field}`, async () => {
      const { errors } = await run(SEARCH, variables);
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.extensions?.problems?.map((p: any) => p.field)).toContain(field);
    });
  }

  it('When a cursor of another sort is given, then it is refused', async () => {
    const { clusters } = await ok(SEARCH, { first: 1 });
    const { errors } = await run(SEARCH, { first: 1, after: clusters.pageInfo.endCursor, sort: 'UPDATED' });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('clusterMapPoints', () => {
  it('When the map asks for points, then it gets aligned columns of the located published clusters only', async () => {
    const { clusterMapPoints: p } = await ok(
      `query ($filter: ClusterFilter) {
      clusterMapPoints(filter: $filter) { count ids lat lng economyCodes specializations names(locale: "ru") }
    }`,
      { filter: { economies: ['RU', 'CN'] } },
    );
    expect(p.count).toBe(2);
    const i = p.ids.indexOf(ids.kaluga);
    expect(p.lat[i]).toBe(54.51385);
    expect(p.lng[i]).toBe(36.26122);
    expect(p.economyCodes[i]).toBe('RU');
    expect(p.specializations[i]).toBe('pharma');
    expect(p.names[i]).toBe('Фармацевтический кластер Калужской области');
    expect(p.names[p.ids.indexOf(ids.shenzhen)]).toBe('Shenzhen Next-Generation ICT Cluster');
    expect(p.ids).not.toContain(ids.tomsk);
  });
});

describe('the read model follows changes made by other processes', () => {
  it('When another registry process publishes a cluster, then this one finds it from the event', async () => {
    const other = await createServer({
      mongo: db,
      kafka,
      producer,
      validator: new EventValidator(),
      logger: testLogger(),
      erasureGroupId: groups.erasureGroupId,
      savedSearchGroupId: groups.savedSearchGroupId,
      readModelGroupId: `test-read-model-${randomUUID()}`,
    });
    await server.deps.readModel.follow(kafka, groups.readModelGroupId);
    const name = `Remote ${tag} Cluster`;
    const c = await registerCluster(other.deps, member, { name: { en: name }, economyCode: 'JP' });
    await publishCluster(other.deps, secretariat, c.id, c.version);
    await waitFor(
      async () => (await ok(SEARCH, { filter: { text: `remote ${tag}` } })).clusters.totalCount === 1 || undefined,
      { timeoutMs: 20_000, what: 'the remote cluster to be found' },
    );
    const Q = `query ($id: ID) { cluster(id: $id) { id status name } }`;
    expect((await ok(Q, { id: c.id })).cluster).toEqual({ id: c.id, status: 'PUBLISHED', name });
  });
});

describe('saved searches', () => {
  const SAVE = `mutation ($name: String!, $filter: ClusterFilter!, $notify: Boolean) {
    saveSearch(name: $name, filter: $filter, notify: $notify) { id name notify filter { economies text specializations } }
  }`;
  const MINE = `{ mySavedSearches { id name lastNotifiedAt } }`;

  it('When a signed-in user saves a search, then they list it; others do not see it nor can delete it', async () => {
    const owner = user(`owner-${tag}`);
    const { saveSearch } = await ok(
      SAVE,
      { name: 'Pharma in RU', filter: { economies: ['RU'], text: 'pharma' } },
      owner,
    );
    expect(saveSearch.filter).toEqual({ economies: ['RU'], text: 'pharma', specializations: [] });
    expect((await ok(MINE, {}, owner)).mySavedSearches.map((s: any) => s.id)).toEqual([saveSearch.id]);
    expect((await ok(MINE, {}, user('someone-else'))).mySavedSearches).toEqual([]);
    const DELETE = `mutation ($id: ID!) { deleteSavedSearch(id: $id) }`;
    expect((await ok(DELETE, { id: saveSearch.id }, user('someone-else'))).deleteSavedSearch).toBe(false);
    expect((await ok(DELETE, { id: saveSearch.id }, owner)).deleteSavedSearch).toBe(true);
    expect((await ok(MINE, {}, owner)).mySavedSearches).toEqual([]);
  });

  it('When an anonymous caller saves a search, or one with a status or bad filter, then it is refused and nothing is stored', async () => {
    const anon = await run(SAVE, { name: 'x', filter: {} });
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const owner = user(`bad-${tag}`);
    const status = await run(SAVE, { name: 'x', filter: { status: 'DRAFT' } }, owner);
    expect(status.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const economy = await run(SAVE, { name: 'x', filter: { economies: ['ZZ'] } }, owner);
    expect(economy.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const html = await run(SAVE, { name: '<script>x</script>', filter: {} }, owner);
    expect(html.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await ok(MINE, {}, owner)).mySavedSearches).toEqual([]);
  });

  it('When a newly published cluster matches a saved search, then its owner is notified once, even if the event comes again', async () => {
    const owner = user(`notify-${tag}`);
    const matching = await ok(
      SAVE,
      { name: 'Vietnam aquaculture', filter: { economies: ['VN'], text: 'thuy san' } },
      owner,
    );
    await ok(SAVE, { name: 'Chile', filter: { economies: ['CL'] } }, owner);
    const notified = await collectEvents(
      kafka,
      TOPICS.notifications,
      (e) => e.data?.kind === 'saved-search-match' && e.data?.userIds?.[0] === owner.subject,
      { count: 1 },
    );
    await notified.start();
    const publication = await collectEvents(
      kafka,
      TOPICS.cluster,
      (e) => e.type === 'ccp.registry.cluster.published.v1' && e.data?.economy === 'VN',
    );
    await publication.start();
    const id = await published({
      name: { en: 'Mekong Aquaculture Cluster', vi: 'Cụm thủy sản Mê Kông' },
      economyCode: 'VN',
    });
    const [{ event }] = await publication.done;
    const handler = (await import('../src/domain/saved-searches.js')).savedSearchHandler(server.deps);
    expect(await handler(event)).toBe('applied');
    expect(await handler(event)).toBe('skipped');
    const [{ event: notice }] = await notified.done;
    expect(notice.data.link).toBe(`/clusters/${id}`);
    expect(new EventValidator().validate(notice).ok).toBe(true);
    const mine = (await ok(MINE, {}, owner)).mySavedSearches;
    expect(mine.find((s: any) => s.id === matching.saveSearch.id).lastNotifiedAt).not.toBeNull();
    expect(mine.find((s: any) => s.name === 'Chile').lastNotifiedAt).toBeNull();
  });
});
