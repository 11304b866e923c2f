import { EventValidator } from '@ccp/kit';
import { describe, expect, it } from 'vitest';
import { newClusterDocument } from '../src/domain/bulk-clusters.js';
import {
  CLUSTER_COLUMNS,
  clusterExportFile,
  fileFieldName,
  parseClusterFile,
  toClusterCsv,
  toClusterJson,
} from '../src/domain/cluster-file.js';
import { CsvSyntaxError, guardFormula, parseCsv, unguardFormula, writeCsv } from '../src/domain/csv.js';
import { registerClusterInput } from '../src/domain/register-cluster.js';
import { type ClusterRecord, toClusterRecord } from '../src/model/cluster.js';

const validator = new EventValidator();

/** A stored cluster made from a registration input, as the bulk path makes it. */
function recordOf(input: Record<string, unknown>, id = 'c-1', slug = 'kaluga-pharma'): ClusterRecord {
  const doc = newClusterDocument(
    {
      id,
      input: registerClusterInput.parse(input),
      slug,
      origin: 'imported',
      registeredBy: 'user-1',
      actor: { subject: 'user-1', role: 'secretariat' },
      createdAt: new Date('2025-03-01T10:00:00Z'),
      publishedAt: new Date('2025-03-02T10:00:00Z'),
    },
    validator,
  );
  return toClusterRecord(doc);
}

const full = {
  name: {
    en: 'Kaluga Pharmaceutical Cluster',
    ru: 'Калужский фармацевтический кластер',
    zh: '卡卢加制药集群',
  },
  economyCode: 'RU',
  region: 'Kaluga, "Obninsk" area',
  location: { lat: 54.51374, lng: -36.26133 },
  specializations: ['pharma', 'biotech'],
  statusLabel: { en: '=Pilot, innovative', ru: 'Пилотный кластер' },
  mission: {
    en: 'Grow **pharma**,\r\nline two\nline three, with "quotes"',
    other: [{ locale: 'de', text: '@Pharma ausbauen' }],
  },
  keyMembers: [
    { name: 'Berlin-Chemie, AG', type: 'LARGE_COMPANY', role: '+anchor' },
    { name: 'Obninsk Institute', type: 'RESEARCH_INSTITUTE' },
  ],
  productsAndServices: { ru: 'Дженерики; вакцины' },
  internationalMemberships: [{ name: 'TCI Network', url: 'https://www.tci-network.org' }],
  management: {
    name: 'Kaluga Cluster Agency',
    structure: { en: 'Board; directorate' },
    services: { en: 'Export support', ru: 'Поддержка экспорта', other: [{ locale: 'zh', text: '出口支持' }] },
  },
  partnershipDestinations: ['CN', 'DE'],
  successStories: [
    {
      title: { en: 'Vaccine plant', ru: 'Завод вакцин' },
      summary: { en: '-50% costs' },
      year: 2019,
      partnerEconomies: ['CN'],
      international: true,
    },
    { title: { ru: 'Локальный проект' }, international: false },
  ],
  contacts: [
    {
      name: 'Anna Petrova',
      position: 'International cooperation',
      email: 'anna@example.org',
      phone: '+7 484 255-01-23',
      languages: ['ru', 'en'],
      visibility: 'PUBLIC',
    },
  ],
  founded: 2012,
  website: 'https://pharmcluster.ru',
  employees: 12000,
  memberCount: 61,
};

const bare = { name: { en: 'Bare Cluster' }, economyCode: 'JP' };

/** What registration stores from the input, for comparing a round trip. */
function profileOf(r: ClusterRecord) {
  const {
    id,
    history,
    createdAt,
    publishedAt,
    status,
    origin,
    completeness,
    version,
    registeredBy,
    ...rest
  } = r;
  return rest;
}

const everyone = { contactsOf: (c: ClusterRecord) => c.contacts };

describe('CSV text', () => {
  it('When cells hold commas, quotes, CR/LF and formula starts, then they are quoted and guarded, and parsing gives them back', () => {
    const cells = [
      'a,b',
      'say "hi"',
      'one\r\ntwo\nthree\rfour',
      '=SUM(A1)',
      '+1',
      '-x',
      '@me',
      "'=already",
      '-33.86',
      '',
    ];

    const text = writeCsv(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'h9', 'h10'], [cells]);

    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain(
      `"a,b","say ""hi""","one\r\ntwo\nthree\rfour",'=SUM(A1),'+1,'-x,'@me,''=already,-33.86,\r\n`,
    );
    expect(parseCsv(text)[1]?.cells).toEqual(cells);
  });

  it('When a cell starts with an apostrophe before a formula character, then the guard is removed exactly once', () => {
    expect(unguardFormula(guardFormula("''+x"))).toBe("''+x");
    expect(unguardFormula("'plain")).toBe("'plain");
    expect(guardFormula('plain')).toBe('plain');
  });

  it('When the file uses LF, CR or a semicolon separator, then records and cells are read the same', () => {
    expect(parseCsv('a,b\nc,d').map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('a;b\r"c;1";d\r').map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['c;1', 'd'],
    ]);
  });

  it('When a quote is never closed, then CsvSyntaxError names its line; text after a closing quote marks its cell', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\n1,"open\n2,3')).toThrow(/line 2/);
    expect(parseCsv('a,b\n1,"x"y')[1]?.problem).toMatchObject({ cell: 1 });
  });
});

describe('the cluster file', () => {
  it('When clusters are exported as CSV and imported again, then every profile field comes back as it was', () => {
    const records = [recordOf(full), recordOf(bare, 'c-2', 'bare-cluster')];

    const csv = toClusterCsv(records, everyone);
    const rows = parseClusterFile('CSV', csv);

    expect(rows.map((r) => [r.row, r.slug, r.errors])).toEqual([
      [1, 'kaluga-pharma', []],
      [2, 'bare-cluster', []],
    ]);
    rows.forEach((row, i) => {
      const again = recordOf(row.input, records[i]!.id, row.slug!);
      expect(profileOf(again)).toEqual(profileOf(records[i]!));
    });
  });

  it('When clusters are exported as JSON and imported again, then every profile field comes back as it was', () => {
    const records = [recordOf(full), recordOf(bare, 'c-2', 'bare-cluster')];

    const json = toClusterJson(records, everyone);
    const rows = parseClusterFile('JSON', json);

    expect(JSON.parse(json)[0]).toMatchObject({ id: 'c-1', status: 'PUBLISHED', origin: 'IMPORTED' });
    expect(rows.every((r) => r.errors.length === 0)).toBe(true);
    rows.forEach((row, i) => {
      expect(profileOf(recordOf(row.input, records[i]!.id, row.slug!))).toEqual(profileOf(records[i]!));
    });
  });

  it('When exporting, then the header is the documented columns and contacts are written as contactsOf reads them', () => {
    const record = recordOf(full);
    const hidden = (c: ClusterRecord) => c.contacts.map((k) => ({ ...k, email: null, phone: null }));

    const file = clusterExportFile('CSV', [record], {
      contactsOf: hidden,
      now: new Date('2026-01-02T03:04:00Z'),
    });
    const [header, row] = parseCsv(file.content);

    expect(header?.cells).toEqual(CLUSTER_COLUMNS.map((c) => c.name));
    expect(file).toMatchObject({
      filename: 'clusters-202601020304.csv',
      rowCount: 1,
      contentType: 'text/csv; charset=utf-8',
    });
    expect(file.content).not.toContain('anna@example.org');
    const cell = (name: string) => row?.cells[CLUSTER_COLUMNS.findIndex((c) => c.name === name)];
    expect(cell('specializations')).toBe('pharma;biotech');
    expect(cell('name_other')).toBe('{"zh":"卡卢加制药集群"}');
    expect(cell('status')).toBe('PUBLISHED');
    expect(cell('updated_at')).toBe('2025-03-02T10:00:00.000Z');
  });

  it('When cells cannot be read, then the row has errors named by their column and the other rows are unaffected', () => {
    const csv = [
      'economy,name_en,lat,lng,founded,key_members,name_other',
      'RU,Good,55.7,37.6,2001,,',
      'RU,Bad,north,37.6,20.5,[{oops,"{""en"":""x""}"',
      'RU,Half,55.7,,,,',
      'RU,Short',
    ].join('\r\n');

    const rows = parseClusterFile('CSV', csv);

    expect(rows[0]).toMatchObject({ row: 1, errors: [] });
    expect(rows[0]?.input).toMatchObject({ location: { lat: 55.7, lng: 37.6 }, founded: 2001 });
    expect(rows[1]?.errors.map((e) => e.field).sort()).toEqual([
      'founded',
      'key_members',
      'lat',
      'name_other.en',
    ]);
    expect(rows[2]?.errors).toEqual([{ field: 'lng', reason: 'lat and lng go together' }]);
    expect(rows[3]?.errors[0]).toMatchObject({ field: 'row' });
  });

  it('When the file as a whole cannot be read, then BAD_USER_INPUT names data', () => {
    const bad = [
      () => parseClusterFile('CSV', 'economy,name_en,colour\nRU,A,red'),
      () => parseClusterFile('CSV', 'economy,region\nRU,x'),
      () => parseClusterFile('CSV', 'economy,name_en,economy\nRU,A,RU'),
      () => parseClusterFile('CSV', 'economy,name_en\nRU,"A'),
      () => parseClusterFile('JSON', '{"name":{}}'),
      () => parseClusterFile('JSON', '[{'),
    ];
    for (const parse of bad) {
      expect(parse).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ field: 'data' }) }),
      );
    }
  });

  it('When a JSON row has unknown fields or is not an object, then that row has errors naming them', () => {
    const rows = parseClusterFile(
      'JSON',
      JSON.stringify([{ ...bare, misson: 'typo', id: 'ignored', status: 'DRAFT', slug: 'a-b' }, 7]),
    );

    expect(rows[0]).toMatchObject({ slug: 'a-b', errors: [{ field: 'misson' }] });
    expect(rows[0]?.input).toEqual(bare);
    expect(rows[1]?.errors).toEqual([{ field: 'input', reason: 'must be a JSON object' }]);
  });

  it('When validation names an input path, then CSV names the column and JSON keeps the path', () => {
    expect(
      [
        'name.en',
        'name.zh',
        'economyCode',
        'location.lng',
        'keyMembers.3.type',
        'mission.other.0.text',
        'specializations.2',
      ].map((p) => fileFieldName('CSV', p)),
    ).toEqual([
      'name_en',
      'name_other.zh',
      'economy',
      'lng',
      'key_members.3.type',
      'mission_other',
      'specializations',
    ]);
    expect(fileFieldName('JSON', 'keyMembers.3.type')).toBe('keyMembers.3.type');
  });
});
