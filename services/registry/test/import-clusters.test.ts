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
import { insertClusterDocuments, newClusterDocument } from '../src/domain/bulk-clusters.js';
import { CLUSTER_COLUMNS } from '../src/domain/cluster-file.js';
import { writeCsv } from '../src/domain/csv.js';
import { registerClusterInput } from '../src/domain/register-cluster.js';
import type { ClusterDocument } from '../src/model/cluster.js';
import { createServer } from '../src/server.js';

const IMPORT = `mutation ($format: ExportFormat!, $data: String!, $publish: Boolean, $dryRun: Boolean) {
  importClusters(format: $format, data: $data, publish: $publish, dryRun: $dryRun) {
    dryRun total imported failed rows { row status clusterId slug errors { field reason } }
  }
}`;
const READ = `query ($id: ID!) { cluster(id: $id) { id slug origin status name names { en ru } zh: name(locale: "zh") mission { en } region } }`;

const kafka = testKafka();
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;
let server: Awaited<ReturnType<typeof createServer>>;

const user = (subject: string, grants: Caller['grants'] = []): Caller => ({ subject, kind: 'user', grants });
const secretariat = user('user-secretariat', [{ role: 'secretariat' }]);
const coordinatorOf = (economy: string) =>
  user(`user-coordinator-${economy}`, [{ role: 'economy-coordinator', economy }]);

async function run(query: string, variables: Record<string, unknown>, caller: Caller) {
  const res = await server.apollo.executeOperation(
    { query, variables },
    { contextValue: await server.context(caller) },
  );
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the answer carries
  return res.body.singleResult as { data?: any; errors?: any[] };
}

const importFile = (
  format: 'CSV' | 'JSON',
  data: string,
  caller: Caller,
  opts: Record<string, unknown> = {},
) => run(IMPORT, { format, data, ...opts }, caller);

type ReportRow = { row: number; status: string; slug: string | null; errors: { field: string; reason: string }[] };

const unique = () => randomUUID().slice(0, 8);
const stored = (id: string) => server.deps.clusters.findById(id).lean<ClusterDocument>();
const countNamed = (prefix: string) =>
  server.deps.clusters.countDocuments({ 'names.en': { $regex: `^${prefix}` } });

/** A CSV with the given columns and rows (cells by column name). */
function csv(rows: Record<string, string>[]): string {
  const header = CLUSTER_COLUMNS.map((c) => c.name).filter((name) => rows.some((r) => name in r));
  return writeCsv(
    header,
    rows.map((r) => header.map((h) => r[h] ?? '')),
  );
}

/** Listens for every event of clusters whose English name starts with the tag. */
async function eventsNamed(tag: string, count: number, timeoutMs = 20_000) {
  const collector = await collectEvents(
    kafka,
    TOPICS.cluster,
    (e) => String(e.data?.name?.en).startsWith(tag),
    {
      count,
      timeoutMs,
    },
  );
  await collector.start();
  return collector;
}

beforeAll(async () => {
  db = await freshDatabase('registry_import');
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
  await Promise.allSettled((server?.relays ?? []).map((r) => r.stop()));
  await server?.apollo.stop();
  await producer?.disconnect();
  await db?.drop();
});

describe('importClusters', () => {
  it('When the secretariat imports good and bad rows with publish, then good rows are published clusters with both events and bad rows change nothing', async () => {
    const tag = `Imp${unique()}`;
    const good = await eventsNamed(`${tag} Good`, 4);
    const bad = await eventsNamed(`${tag} Bad`, 1, 4000);
    const data = csv([
      {
        economy: 'RU',
        name_en: `${tag} Good One`,
        name_ru: 'Кластер один',
        lat: '55.75',
        lng: '37.62',
        specializations: 'pharma;biotech',
        founded: '2010',
      },
      { economy: 'XX', name_en: `${tag} Bad Economy` },
      { economy: 'JP', name_en: `${tag} Bad Coordinates`, lat: '123', lng: '10' },
      {
        economy: 'CN',
        name_en: `${tag} Good Two`,
        key_members: JSON.stringify([{ name: 'Huawei', type: 'LARGE_COMPANY' }]),
      },
      {
        economy: 'CL',
        name_en: `${tag} Bad Member`,
        key_members: JSON.stringify([{ name: 'X', type: 'GIANT' }]),
      },
      { economy: 'PE', name_en: `${tag} Bad <script>alert(1)</script>` },
    ]);

    const { data: result, errors } = await importFile('CSV', data, secretariat, { publish: true });

    expect(errors).toBeUndefined();
    const report = result.importClusters;
    expect(report).toMatchObject({ dryRun: false, total: 6, imported: 2, failed: 4 });
    expect(report.rows.map((r: ReportRow) => [r.row, r.status, r.errors.map((e) => e.field)])).toEqual([
      [1, 'IMPORTED', []],
      [2, 'FAILED', ['economy']],
      [3, 'FAILED', ['lat']],
      [4, 'IMPORTED', []],
      [5, 'FAILED', ['key_members.0.type']],
      [6, 'FAILED', ['name_en']],
    ]);
    const [one, two] = [report.rows[0], report.rows[3]];
    expect(one.slug).toBe(`${tag.toLowerCase()}-good-one`);
    expect(await stored(one.clusterId)).toMatchObject({
      origin: 'imported',
      registeredBy: 'user-secretariat',
      status: 'published',
      version: 2,
      slug: one.slug,
      economyCode: 'RU',
      location: { lat: 55.75, lng: 37.62 },
      specializations: ['pharma', 'biotech'],
      founded: 2010,
      completeness: 0.16,
      history: [
        expect.objectContaining({
          action: 'registered',
          actor: 'user-secretariat',
          actorRole: 'secretariat',
        }),
        expect.objectContaining({ action: 'published' }),
      ],
    });
    expect((await stored(two.clusterId))?.keyMembers).toEqual([
      { name: 'Huawei', type: 'LARGE_COMPANY', role: null },
    ]);
    expect(await countNamed(`${tag} Bad`)).toBe(0);
    const events = (await good.done).map((e) => e.event);
    for (const id of [one.clusterId, two.clusterId]) {
      const mine = events.filter((e) => e.subject === id);
      expect(mine.map((e) => [e.type, e.sequence])).toEqual([
        ['ccp.registry.cluster.registered.v1', 1],
        ['ccp.registry.cluster.published.v1', 2],
      ]);
      expect(mine[0]).toMatchObject({
        actorrole: 'secretariat',
        data: { origin: 'imported', registeredBy: 'user-secretariat', status: 'draft' },
      });
      for (const e of mine) expect(new EventValidator().validate(e)).toEqual({ ok: true, event: e });
    }
    await expect(bad.done).rejects.toThrow(/saw 0\/1/);
    expect((await stored(one.clusterId))?.outbox).toEqual([]);
  });

  it("When a coordinator imports rows of their economy and another's, then only their economy's rows are imported, as drafts", async () => {
    const tag = `Crd${unique()}`;
    const data = JSON.stringify([
      { name: { en: `${tag} Own` }, economyCode: 'MY' },
      { name: { en: `${tag} Foreign` }, economyCode: 'TH' },
    ]);

    const { data: result } = await importFile('JSON', data, coordinatorOf('MY'));

    const [own, foreign] = result.importClusters.rows;
    expect(own).toMatchObject({ status: 'IMPORTED', errors: [] });
    expect(foreign).toMatchObject({ status: 'FAILED', clusterId: null });
    expect(foreign.errors).toEqual([
      { field: 'economyCode', reason: expect.stringMatching(/do not coordinate.*own economies \(MY\)/) },
    ]);
    expect(await stored(own.clusterId)).toMatchObject({
      status: 'draft',
      version: 1,
      registeredBy: 'user-coordinator-MY',
    });
    expect((await stored(own.clusterId))?.history).toEqual([
      expect.objectContaining({ actorRole: 'coordinator' }),
    ]);
    expect(await countNamed(`${tag} Foreign`)).toBe(0);
  });

  it('When a member, a cluster manager or an API client imports, then FORBIDDEN; anonymous gets UNAUTHENTICATED; nothing is stored', async () => {
    const tag = `Frb${unique()}`;
    const data = JSON.stringify([{ name: { en: `${tag} Cluster` }, economyCode: 'US' }]);

    const results = await Promise.all([
      importFile('JSON', data, user('user-member')),
      importFile('JSON', data, user('user-manager', [{ role: 'cluster-manager', clusterId: 'c-1' }])),
      importFile('JSON', data, { subject: 'api-client-1', kind: 'api-client', grants: [] }),
      importFile('JSON', data, ANONYMOUS),
    ]);

    expect(results.map((r) => r.errors?.[0]?.extensions.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
      'UNAUTHENTICATED',
    ]);
    expect(await countNamed(tag)).toBe(0);
  });

  it('When the import is a dry run, then the report shows what would happen and nothing is stored or sent', async () => {
    const tag = `Dry${unique()}`;
    const events = await eventsNamed(tag, 1, 4000);
    const data = csv([
      { economy: 'AU', name_en: `${tag} Fine` },
      { economy: 'AU', name_en: `${tag} Broken`, website: 'http://insecure.example.org' },
    ]);

    const { data: result } = await importFile('CSV', data, secretariat, { dryRun: true, publish: true });

    expect(result.importClusters).toMatchObject({ dryRun: true, total: 2, imported: 1, failed: 1 });
    expect(result.importClusters.rows[0]).toMatchObject({
      status: 'IMPORTED',
      clusterId: null,
      slug: `${tag.toLowerCase()}-fine`,
    });
    expect(result.importClusters.rows[1].errors).toEqual([
      { field: 'website', reason: 'must be an https URL' },
    ]);
    expect(await countNamed(tag)).toBe(0);
    await expect(events.done).rejects.toThrow(/saw 0\/1/);
  });

  it('When slugs repeat in the file or are taken in store, then those rows fail naming slug, and generated slugs are suffixed', async () => {
    const tag = `slg${unique()}`;
    const first = await importFile(
      'JSON',
      JSON.stringify([{ name: { en: `${tag} Taken` }, economyCode: 'NZ', slug: `${tag}-taken` }]),
      secretariat,
    );
    expect(first.data.importClusters.imported).toBe(1);

    const { data: result } = await importFile(
      'JSON',
      JSON.stringify([
        { name: { en: `${tag} A` }, economyCode: 'NZ', slug: `${tag}-twice` },
        { name: { en: `${tag} B` }, economyCode: 'NZ', slug: `${tag}-twice` },
        { name: { en: `${tag} C` }, economyCode: 'NZ', slug: `${tag}-taken` },
        { name: { en: `${tag} Taken` }, economyCode: 'NZ' },
        { name: { en: `${tag} Taken` }, economyCode: 'NZ' },
        { name: { en: `${tag} D` }, economyCode: 'NZ', slug: 'Not A Slug' },
      ]),
      secretariat,
    );

    expect(result.importClusters.rows.map((r: ReportRow) => [r.status, r.slug, r.errors])).toEqual([
      ['IMPORTED', `${tag}-twice`, []],
      ['FAILED', null, [{ field: 'slug', reason: 'is also given to row 1 of this file' }]],
      ['FAILED', null, [{ field: 'slug', reason: 'is taken by another cluster' }]],
      ['IMPORTED', `${tag}-taken-2`, []],
      ['IMPORTED', `${tag}-taken-3`, []],
      ['FAILED', null, [{ field: 'slug', reason: expect.stringMatching(/lower-case/) }]],
    ]);
    expect(await countNamed(`${tag} B`)).toBe(0);
    expect(await countNamed(`${tag} C`)).toBe(0);
  });

  it('When another write takes a slug between the check and the insert, then only that row fails as a duplicate slug', async () => {
    const tag = `race${unique()}`;
    const make = (id: string, slug: string) =>
      newClusterDocument(
        {
          id,
          input: registerClusterInput.parse({ name: { en: `${tag} ${id}` }, economyCode: 'SG' }),
          slug,
          origin: 'imported',
          registeredBy: 'user-secretariat',
          actor: { subject: 'user-secretariat', role: 'secretariat' },
          createdAt: new Date(),
        },
        server.deps.validator,
      );
    await insertClusterDocuments(server.deps.clusters, [make(`${tag}-1`, `${tag}-same`)]);

    const outcomes = await insertClusterDocuments(server.deps.clusters, [
      make(`${tag}-2`, `${tag}-same`),
      make(`${tag}-3`, `${tag}-other`),
      make(`${tag}-1`, `${tag}-third`),
    ]);

    expect([...outcomes]).toEqual([
      [`${tag}-2`, 'duplicate-slug'],
      [`${tag}-3`, 'inserted'],
      [`${tag}-1`, 'duplicate-id'],
    ]);
    expect(await stored(`${tag}-2`)).toBeNull();
    expect((await stored(`${tag}-1`))?.slug).toBe(`${tag}-same`);
    await server.deps.clusters.deleteMany({ _id: { $in: [`${tag}-1`, `${tag}-3`] } });
  });

  it('When the file has more than 5000 rows or 10 MB, then BAD_USER_INPUT names data and nothing is stored', async () => {
    const tag = `Big${unique()}`;
    const rows = JSON.stringify(
      Array.from({ length: 5001 }, (_, i) => ({ name: { en: `${tag} ${i}` }, economyCode: 'US' })),
    );
    const huge = JSON.stringify([
      { name: { en: `${tag} Huge` }, economyCode: 'US', region: 'x'.repeat(10 * 1024 * 1024) },
    ]);

    const [many, large, empty] = await Promise.all([
      importFile('JSON', rows, secretariat),
      importFile('JSON', huge, secretariat),
      importFile('CSV', 'economy,name_en\r\n', secretariat),
    ]);

    expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'data' });
    expect(many.errors?.[0]?.message).toMatch(/5001 clusters; at most 5000/);
    expect(large.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'data' });
    expect(large.errors?.[0]?.message).toMatch(/10 MB/);
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'data' });
    expect(await countNamed(tag)).toBe(0);
  });

  it('When a CSV has a BOM, quoted commas, quotes, line breaks and formula guards, then the texts are stored exactly', async () => {
    const tag = `Csv${unique()}`;
    const name = `${tag} "Quoted", Cluster`;
    const mission = 'Line one,\r\nline "two"\nline three';
    const data = `\uFEFFeconomy,name_en,mission_en,region\r\nKR,"${name.replace(/"/g, '""')}","${mission.replace(/"/g, '""')}",'=Gyeonggi\r\n`;

    const { data: result } = await importFile('CSV', data, secretariat);

    const row = result.importClusters.rows[0];
    expect(row).toMatchObject({ status: 'IMPORTED', errors: [] });
    expect(await stored(row.clusterId)).toMatchObject({
      names: { en: name },
      mission: { en: mission },
      region: '=Gyeonggi',
    });
  });

  it('When the file is JSON with names in more languages, then the cluster reads them and its origin is IMPORTED', async () => {
    const tag = `Json${unique()}`;
    const data = JSON.stringify([
      {
        name: { en: `${tag} Shenzhen Electronics`, ru: 'Электроника Шэньчжэня', zh: '深圳电子产业集群' },
        economyCode: 'CN',
        region: 'Guangdong',
        mission: { en: 'Chips' },
        status: 'ARCHIVED',
        id: 'ignored-id',
      },
      { name: { en: `${tag} Bad Tag`, 'x.$y': 'no' }, economyCode: 'CN' },
    ]);

    const { data: result } = await importFile('JSON', data, secretariat);

    const [row, bad] = result.importClusters.rows;
    // An imported draft is not public: its economy's coordinator and the secretariat read it.
    const read = await run(READ, { id: row.clusterId }, secretariat);
    expect((await run(READ, { id: row.clusterId }, ANONYMOUS)).data.cluster).toBeNull();
    expect(read.data.cluster).toMatchObject({
      origin: 'IMPORTED',
      status: 'DRAFT',
      name: `${tag} Shenzhen Electronics`,
      zh: '深圳电子产业集群',
      names: { ru: 'Электроника Шэньчжэня' },
      mission: { en: 'Chips' },
    });
    expect(row.clusterId).not.toBe('ignored-id');
    expect(bad).toMatchObject({ status: 'FAILED', errors: [{ field: 'name.x.$y' }] });
  });
});
