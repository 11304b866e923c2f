import { type FieldProblem, validationError } from '@ccp/kit';
import type { ClusterContact, ClusterRecord, Texts } from '../model/cluster.js';
import { CsvSyntaxError, parseCsv, writeCsv } from './csv.js';

/**
 * The cluster file of clusterExport and importClusters. CSV has one column per profile fact; list-valued
 * sections are one JSON cell each, holding exactly what RegisterClusterInput takes for that field; further
 * translations beyond en and ru are a JSON object by BCP-47 tag in the `*_other` columns. JSON is an array
 * of RegisterClusterInput objects (`name` may carry further tags beside en and ru) with the same read-only
 * fields. Read-only columns are exported and ignored on import, so an export imports as it is.
 */
export type ClusterFileFormat = 'CSV' | 'JSON';

/** The CSV columns in file order; `readOnly` ones are written by export and ignored by import. */
export const CLUSTER_COLUMNS = [
  { name: 'id', readOnly: true, about: 'the cluster id' },
  { name: 'slug', about: 'lower-case ascii words joined by hyphens; generated from name_en when empty' },
  { name: 'economy', about: 'ISO 3166-1 alpha-2 code of an APEC economy' },
  { name: 'name_en', about: 'the English name (required)' },
  { name: 'name_ru', about: 'the Russian name' },
  { name: 'name_other', about: 'further names as a JSON object by BCP-47 tag, e.g. {"zh":"…"}' },
  { name: 'region', about: 'region within the economy' },
  { name: 'lat', about: 'latitude, -90 to 90 (with lng)' },
  { name: 'lng', about: 'longitude, -180 to 180 (with lat)' },
  { name: 'specializations', about: 'taxonomy codes separated by ;' },
  { name: 'status_label_en', about: 'status in its economy, English' },
  { name: 'status_label_ru', about: 'status in its economy, Russian' },
  { name: 'status_label_other', about: 'further translations, JSON object by tag' },
  { name: 'mission_en', about: 'mission and objectives, English' },
  { name: 'mission_ru', about: 'mission and objectives, Russian' },
  { name: 'mission_other', about: 'further translations, JSON object by tag' },
  { name: 'products_en', about: 'products and services, English' },
  { name: 'products_ru', about: 'products and services, Russian' },
  { name: 'products_other', about: 'further translations, JSON object by tag' },
  { name: 'founded', about: 'year founded' },
  { name: 'website', about: 'https URL' },
  { name: 'employees', about: 'whole number' },
  { name: 'member_count', about: 'whole number' },
  { name: 'key_members', about: 'JSON array of KeyMemberInput {name, type, role}' },
  { name: 'international_memberships', about: 'JSON array of InternationalMembershipInput {name, url}' },
  { name: 'partnership_destinations', about: 'ISO 3166-1 alpha-2 codes separated by ;' },
  { name: 'success_stories', about: 'JSON array of SuccessStoryInput' },
  { name: 'contacts', about: 'JSON array of ClusterContactInput (email and phone as the exporter may read them)' },
  { name: 'management', about: 'JSON ManagementOrganizationInput {name, structure, services}' },
  { name: 'status', readOnly: true, about: 'DRAFT, SUBMITTED, PUBLISHED, RETURNED or ARCHIVED' },
  { name: 'origin', readOnly: true, about: 'REGISTERED, IMPORTED or SEEDED' },
  { name: 'completeness', readOnly: true, about: 'share of the profile filled, 0–1' },
  { name: 'created_at', readOnly: true, about: 'ISO 8601' },
  { name: 'updated_at', readOnly: true, about: 'ISO 8601, the last change in its history' },
  { name: 'published_at', readOnly: true, about: 'ISO 8601' },
] as const satisfies readonly { name: string; readOnly?: boolean; about: string }[];

type Column = (typeof CLUSTER_COLUMNS)[number]['name'];
const COLUMN_NAMES: readonly Column[] = CLUSTER_COLUMNS.map((c) => c.name);

/** The multilingual texts and their column prefixes. */
const TEXT_COLUMNS = {
  statusLabel: 'status_label',
  mission: 'mission',
  productsAndServices: 'products',
} as const;

/** JSON cells: the RegisterClusterInput field each holds. */
const JSON_COLUMNS = {
  key_members: 'keyMembers',
  international_memberships: 'internationalMemberships',
  success_stories: 'successStories',
  contacts: 'contacts',
  management: 'management',
} as const;

/** JSON export keys that import ignores (they describe the stored cluster, not the input). */
const READ_ONLY_KEYS = new Set(['id', 'status', 'origin', 'completeness', 'createdAt', 'updatedAt', 'publishedAt']);

const INPUT_KEYS = new Set([
  'slug',
  'name',
  'economyCode',
  'region',
  'location',
  'specializations',
  'statusLabel',
  'mission',
  'keyMembers',
  'productsAndServices',
  'internationalMemberships',
  'management',
  'partnershipDestinations',
  'successStories',
  'contacts',
  'founded',
  'website',
  'employees',
  'memberCount',
]);

export interface ClusterExportOptions {
  /**
   * The contacts as the exporting caller may read them — pass `(c) => readContacts(caller, c)`. Required, so
   * no export can leak an email or phone by forgetting it.
   */
  contactsOf: (cluster: ClusterRecord) => ClusterContact[];
}

/** `{en, ru, other: [{locale, text}]}` as MultilingualTextInput takes it, or null. */
function multilingualInput(texts: Texts | null | undefined) {
  if (!texts || Object.keys(texts).length === 0) return null;
  const { en, ru, ...rest } = texts;
  const other = Object.entries(rest).map(([locale, text]) => ({ locale, text }));
  return { ...(en != null ? { en } : {}), ...(ru != null ? { ru } : {}), ...(other.length ? { other } : {}) };
}

/** The last change in the history, else the creation. */
export function updatedAtOf(c: ClusterRecord): Date {
  const last = c.history.at(-1);
  return last ? new Date(last.at) : c.createdAt;
}

/** A cluster as a RegisterClusterInput object (plus slug), the shape of JSON import and the CSV's JSON cells. */
function inputOf(c: ClusterRecord, contacts: ClusterContact[]) {
  const names = Object.fromEntries(Object.entries(c.names).filter(([, v]) => v != null)) as Texts;
  return {
    slug: c.slug,
    name: names,
    economyCode: c.economyCode,
    region: c.region,
    location: c.location,
    specializations: c.specializations,
    statusLabel: multilingualInput(c.statusLabel),
    mission: multilingualInput(c.mission),
    keyMembers: c.keyMembers.map((m) => ({ name: m.name, type: m.type, role: m.role })),
    productsAndServices: multilingualInput(c.productsAndServices),
    internationalMemberships: c.internationalMemberships.map((m) => ({ name: m.name, url: m.url })),
    management: c.management && {
      name: c.management.name,
      structure: multilingualInput(c.management.structure),
      services: multilingualInput(c.management.services),
    },
    partnershipDestinations: c.partnershipDestinations,
    successStories: c.successStories.map((s) => ({
      title: multilingualInput(s.title),
      summary: multilingualInput(s.summary),
      year: s.year,
      partnerEconomies: s.partnerEconomies,
      international: s.international,
    })),
    contacts: contacts.map((k) => ({
      name: k.name,
      position: k.position,
      email: k.email,
      phone: k.phone,
      languages: k.languages,
      visibility: k.visibility,
    })),
    founded: c.founded,
    website: c.website,
    employees: c.employees,
    memberCount: c.memberCount,
  };
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** JSON: one object per cluster (a line each), RegisterClusterInput fields plus read-only ones. */
export function toClusterJson(records: readonly ClusterRecord[], opts: ClusterExportOptions): string {
  const lines = records.map((c) =>
    JSON.stringify({
      id: c.id,
      ...inputOf(c, opts.contactsOf(c)),
      status: c.status.toUpperCase(),
      origin: c.origin.toUpperCase(),
      completeness: c.completeness,
      createdAt: iso(c.createdAt),
      updatedAt: iso(updatedAtOf(c)),
      publishedAt: iso(c.publishedAt),
    }),
  );
  return lines.length ? `[\n${lines.join(',\n')}\n]\n` : '[]\n';
}

const cellOf = (value: unknown) => (value == null ? '' : String(value));
const jsonCell = (value: unknown) =>
  value == null || (Array.isArray(value) && value.length === 0) ? '' : JSON.stringify(value);

function textCells(texts: Texts | null | undefined): [string, string, string] {
  const { en, ru, ...rest } = texts ?? {};
  return [cellOf(en), cellOf(ru), Object.keys(rest).length ? JSON.stringify(rest) : ''];
}

/** CSV with the CLUSTER_COLUMNS header (RFC 4180, CRLF, UTF-8 BOM, formula-guarded cells). */
export function toClusterCsv(records: readonly ClusterRecord[], opts: ClusterExportOptions): string {
  const rows = records.map((c) => {
    const input = inputOf(c, opts.contactsOf(c));
    const [nameEn, nameRu, nameOther] = textCells(input.name);
    const values: Record<Column, string> = {
      id: c.id,
      slug: c.slug,
      economy: c.economyCode,
      name_en: nameEn,
      name_ru: nameRu,
      name_other: nameOther,
      region: cellOf(c.region),
      lat: cellOf(c.location?.lat),
      lng: cellOf(c.location?.lng),
      specializations: c.specializations.join(';'),
      ...Object.fromEntries(
        Object.entries(TEXT_COLUMNS).flatMap(([field, prefix]) => {
          const [en, ru, other] = textCells(c[field as keyof typeof TEXT_COLUMNS]);
          return [
            [`${prefix}_en`, en],
            [`${prefix}_ru`, ru],
            [`${prefix}_other`, other],
          ];
        }),
      ),
      founded: cellOf(c.founded),
      website: cellOf(c.website),
      employees: cellOf(c.employees),
      member_count: cellOf(c.memberCount),
      ...(Object.fromEntries(
        Object.entries(JSON_COLUMNS).map(([column, field]) => [column, jsonCell(input[field])]),
      ) as Record<keyof typeof JSON_COLUMNS, string>),
      partnership_destinations: c.partnershipDestinations.join(';'),
      status: c.status.toUpperCase(),
      origin: c.origin.toUpperCase(),
      completeness: String(c.completeness),
      created_at: cellOf(iso(c.createdAt)),
      updated_at: cellOf(iso(updatedAtOf(c))),
      published_at: cellOf(iso(c.publishedAt)),
    } as Record<Column, string>;
    return COLUMN_NAMES.map((name) => values[name]);
  });
  return writeCsv(COLUMN_NAMES, rows);
}

/** What clusterExport returns. */
export function clusterExportFile(
  format: ClusterFileFormat,
  records: readonly ClusterRecord[],
  opts: ClusterExportOptions & { now?: Date },
) {
  const stamp = (opts.now ?? new Date()).toISOString().slice(0, 16).replace(/\D/g, '');
  return format === 'CSV'
    ? {
        format,
        contentType: 'text/csv; charset=utf-8',
        filename: `clusters-${stamp}.csv`,
        rowCount: records.length,
        content: toClusterCsv(records, opts),
      }
    : {
        format,
        contentType: 'application/json; charset=utf-8',
        filename: `clusters-${stamp}.json`,
        rowCount: records.length,
        content: toClusterJson(records, opts),
      };
}

/** One row of an imported file, RegisterClusterInput-shaped, with what could not even be read. */
export interface ClusterFileRow {
  /** 1-based (the CSV header is row 0). */
  row: number;
  input: Record<string, unknown>;
  slug: string | null;
  /** Fields named as the file names them (CSV columns, JSON input paths). */
  errors: FieldProblem[];
}

/**
 * A RegisterClusterInput path (`name.en`, `keyMembers.3.type`) named as the file names it: JSON keeps the
 * path; CSV names the column (`name_en`, `key_members.3.type`, `lat`).
 */
export function fileFieldName(format: ClusterFileFormat, path: string): string {
  if (format === 'JSON') return path;
  const [head = '', ...rest] = path.split('.');
  const sub = rest.join('.');
  const texts: Record<string, string> = { name: 'name', ...TEXT_COLUMNS };
  if (head in texts) {
    const prefix = texts[head];
    const lang = rest[0];
    if (lang === 'en' || lang === 'ru') return `${prefix}_${lang}`;
    if (head === 'name') return lang ? `name_other.${lang}` : 'name_en';
    return `${prefix}_${rest.length ? 'other' : 'en'}`;
  }
  const jsonColumn = Object.entries(JSON_COLUMNS).find(([, field]) => field === head)?.[0];
  if (jsonColumn) return sub ? `${jsonColumn}.${sub}` : jsonColumn;
  switch (head) {
    case 'economyCode':
      return 'economy';
    case 'location':
      return rest[0] === 'lng' ? 'lng' : 'lat';
    case 'partnershipDestinations':
      return 'partnership_destinations';
    case 'memberCount':
      return 'member_count';
    case 'specializations':
      return 'specializations';
    default:
      return head || 'input';
  }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const WHOLE = /^[+-]?\d+$/;

function csvRows(text: string): ClusterFileRow[] {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw validationError([{ field: 'data', reason: err.message }]);
    throw err;
  }
  const [headerRecord, ...body] = records;
  const header = (headerRecord?.cells ?? []).map((h) => h.trim().toLowerCase());
  const known = new Set<string>(COLUMN_NAMES);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length) {
    throw validationError([
      {
        field: 'data',
        reason: `has unknown columns ${unknown.map((u) => `"${u}"`).join(', ')}; the columns are ${COLUMN_NAMES.join(', ')}`,
      },
    ]);
  }
  const twice = header.find((h, i) => header.indexOf(h) !== i);
  if (twice) throw validationError([{ field: 'data', reason: `has the column "${twice}" twice` }]);
  for (const required of ['economy', 'name_en']) {
    if (!header.includes(required))
      throw validationError([{ field: 'data', reason: `has no "${required}" column (the header is the first line)` }]);
  }
  return body
    .filter((r) => r.cells.some((c) => c.trim() !== ''))
    .map((record) => {
      const errors: FieldProblem[] = [];
      if (record.cells.length !== header.length) {
        errors.push({
          field: 'row',
          reason: `has ${record.cells.length} cells; the header has ${header.length}`,
        });
      }
      if (record.problem) errors.push({ field: header[record.problem.cell] ?? 'row', reason: record.problem.reason });
      const cell = new Map(header.map((h, i) => [h, (record.cells[i] ?? '').trim()]));
      const get = (c: Column) => cell.get(c) || undefined;
      const input: Record<string, unknown> = {};

      const json = (column: Column, expect: 'array' | 'object'): unknown => {
        const raw = get(column);
        if (raw === undefined) return undefined;
        try {
          const value: unknown = JSON.parse(raw);
          const ok = expect === 'array' ? Array.isArray(value) : value !== null && typeof value === 'object' && !Array.isArray(value);
          if (ok) return value;
          errors.push({ field: column, reason: `must be a JSON ${expect}` });
        } catch {
          errors.push({ field: column, reason: `is not valid JSON` });
        }
        return undefined;
      };
      const number = (column: Column, pattern: RegExp, reason: string) => {
        const raw = get(column);
        if (raw === undefined) return undefined;
        if (pattern.test(raw)) return Number(raw);
        errors.push({ field: column, reason });
        return undefined;
      };
      const list = (column: Column) =>
        get(column)
          ?.split(';')
          .map((s) => s.trim())
          .filter(Boolean);
      const translations = (column: Column) => {
        const other = json(column, 'object') as Record<string, unknown> | undefined;
        for (const tag of ['en', 'ru']) {
          if (other && tag in other)
            errors.push({ field: `${column}.${tag}`, reason: `${tag} has its own column` });
        }
        return other;
      };

      const nameOther = translations('name_other');
      input.name = { en: get('name_en'), ...(get('name_ru') ? { ru: get('name_ru') } : {}), ...nameOther };
      input.economyCode = get('economy') ?? '';
      if (get('region')) input.region = get('region');
      const lat = number('lat', NUMBER, 'must be a number');
      const lng = number('lng', NUMBER, 'must be a number');
      if ((get('lat') === undefined) !== (get('lng') === undefined)) {
        errors.push({ field: get('lat') === undefined ? 'lat' : 'lng', reason: 'lat and lng go together' });
      } else if (lat !== undefined && lng !== undefined) input.location = { lat, lng };
      if (get('specializations')) input.specializations = list('specializations');
      for (const [field, prefix] of Object.entries(TEXT_COLUMNS)) {
        const other = translations(`${prefix}_other` as Column);
        const en = get(`${prefix}_en` as Column);
        const ru = get(`${prefix}_ru` as Column);
        if (en === undefined && ru === undefined && other === undefined) continue;
        input[field] = {
          ...(en !== undefined ? { en } : {}),
          ...(ru !== undefined ? { ru } : {}),
          ...(other ? { other: Object.entries(other).map(([locale, text]) => ({ locale, text })) } : {}),
        };
      }
      const founded = number('founded', WHOLE, 'must be a whole number');
      if (founded !== undefined) input.founded = founded;
      if (get('website')) input.website = get('website');
      const employees = number('employees', WHOLE, 'must be a whole number');
      if (employees !== undefined) input.employees = employees;
      const memberCount = number('member_count', WHOLE, 'must be a whole number');
      if (memberCount !== undefined) input.memberCount = memberCount;
      for (const [column, field] of Object.entries(JSON_COLUMNS)) {
        const value = json(column as Column, field === 'management' ? 'object' : 'array');
        if (value !== undefined) input[field] = value;
      }
      if (get('partnership_destinations')) input.partnershipDestinations = list('partnership_destinations');
      return { row: record.index, input, slug: get('slug') ?? null, errors };
    });
}

function jsonRows(text: string): ClusterFileRow[] {
  let value: unknown;
  try {
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (err) {
    throw validationError([{ field: 'data', reason: `is not valid JSON: ${(err as Error).message}` }]);
  }
  if (!Array.isArray(value))
    throw validationError([{ field: 'data', reason: 'must be a JSON array of RegisterClusterInput objects' }]);
  return value.map((item: unknown, i) => {
    const row = i + 1;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      return { row, input: {}, slug: null, errors: [{ field: 'input', reason: 'must be a JSON object' }] };
    }
    const errors: FieldProblem[] = [];
    const input: Record<string, unknown> = {};
    let slug: string | null = null;
    for (const [key, v] of Object.entries(item)) {
      if (READ_ONLY_KEYS.has(key)) continue;
      if (!INPUT_KEYS.has(key)) {
        errors.push({ field: key, reason: 'is not a field of RegisterClusterInput' });
      } else if (key === 'slug') {
        if (v != null && typeof v !== 'string') errors.push({ field: 'slug', reason: 'must be a string' });
        else slug = v || null;
      } else {
        input[key] = v;
      }
    }
    return { row, input, slug, errors };
  });
}

/**
 * Reads an import file into rows. Throws BAD_USER_INPUT naming `data` when the file as a whole cannot be
 * read (bad JSON, an unclosed quote, unknown or missing columns); a row's own problems are in its errors.
 */
export function parseClusterFile(format: ClusterFileFormat, text: string): ClusterFileRow[] {
  return format === 'CSV' ? csvRows(text) : jsonRows(text);
}
