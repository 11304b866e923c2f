import { randomUUID } from 'node:crypto';
import {
  actorOf,
  type Caller,
  economyPrivilege,
  type FieldProblem,
  forbiddenError,
  isEconomyCode,
  isSecretariat,
  problemsFromZod,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { type ClusterDocument, toClusterRecord } from '../model/cluster.js';
import {
  flushOutboxes,
  insertClusterDocuments,
  type NewCluster,
  type ParsedClusterInput,
  SLUG_FORMAT,
  SLUG_MAX,
  SlugAllocator,
  newClusterDocument,
} from './bulk-clusters.js';
import { type ClusterFileFormat, type ClusterFileRow, fileFieldName, parseClusterFile } from './cluster-file.js';
import type { RegistryDeps } from './deps.js';
import { languageTag } from './profile.js';
import { registerClusterInput } from './register-cluster.js';

export const IMPORT_LIMITS = { rows: 5000, bytes: 10 * 1024 * 1024 } as const;

export interface ImportArgs {
  format: ClusterFileFormat;
  data: string;
  publish?: boolean | null;
  dryRun?: boolean | null;
}

export interface ImportRowReport {
  row: number;
  status: 'IMPORTED' | 'FAILED';
  clusterId: string | null;
  slug: string | null;
  errors: FieldProblem[];
}

export interface ImportReport {
  dryRun: boolean;
  total: number;
  imported: number;
  failed: number;
  rows: ImportRowReport[];
}

interface CheckedRow {
  file: ClusterFileRow;
  errors: FieldProblem[];
  input?: ParsedClusterInput;
  slug?: string;
  id?: string;
}

/** Economy codes the caller may import for, or 'all' for the secretariat; FORBIDDEN for anyone else. */
function importableEconomies(caller: Caller): 'all' | Set<string> {
  requireSignedIn(caller, 'import clusters');
  if (isSecretariat(caller)) return 'all';
  const economies = new Set(
    caller.grants.filter((g) => g.role === 'economy-coordinator' && g.economy).map((g) => g.economy!),
  );
  if (economies.size === 0) {
    throw forbiddenError('You are not allowed to import clusters: the secretariat or an economy coordinator may');
  }
  return economies;
}

/**
 * A row on its own: the registration input's rules, names keyed by language tags, the caller's economies,
 * the slug's format. Errors are named as the file names its fields.
 */
function checkRow(format: ClusterFileFormat, file: ClusterFileRow, allowed: 'all' | Set<string>): CheckedRow {
  const problems: FieldProblem[] = [];
  const parsed = registerClusterInput.safeParse(file.input);
  if (!parsed.success) problems.push(...problemsFromZod(parsed.error.issues));
  const name = file.input.name;
  if (name && typeof name === 'object') {
    for (const tag of Object.keys(name)) {
      if (!languageTag.safeParse(tag).success) {
        problems.push({ field: `name.${tag}`, reason: 'must be keyed by a BCP-47 language tag such as en, ru or zh' });
      }
    }
  }
  const economy = file.input.economyCode;
  if (typeof economy === 'string' && isEconomyCode(economy) && allowed !== 'all' && !allowed.has(economy)) {
    problems.push({
      field: 'economyCode',
      reason: `is ${economy}, which you do not coordinate: a coordinator imports only clusters of their own economies (${[...allowed].join(', ')})`,
    });
  }
  if (file.slug != null && (!SLUG_FORMAT.test(file.slug) || file.slug.length > SLUG_MAX)) {
    problems.push({
      field: 'slug',
      reason: `must be lower-case ascii letters and digits in words joined by single hyphens, at most ${SLUG_MAX} characters`,
    });
  }
  const errors = [...file.errors, ...problems.map((p) => ({ field: fileFieldName(format, p.field), reason: p.reason }))];
  return { file, errors, input: parsed.success ? parsed.data : undefined };
}

/**
 * Imports clusters from a CSV or JSON file. The secretariat imports any row, a coordinator rows of their
 * economies; others are refused outright. Each row is checked on its own with registration's rules, plus
 * the slug (format, free in store and once in the file); a bad row is reported with its errors and writes
 * nothing. Good rows become clusters of origin `imported`, registered by the importer without making them
 * a manager, drafts or (publish) published, with the same events as one-by-one registration and
 * publication. With dryRun nothing is written.
 */
export async function importClusters(deps: RegistryDeps, caller: Caller, args: ImportArgs): Promise<ImportReport> {
  const allowed = importableEconomies(caller);
  const dryRun = args.dryRun ?? false;
  if (typeof args.data !== 'string' || Buffer.byteLength(args.data, 'utf8') > IMPORT_LIMITS.bytes) {
    throw validationError([{ field: 'data', reason: `must be at most ${IMPORT_LIMITS.bytes / 1024 / 1024} MB` }]);
  }
  const fileRows = parseClusterFile(args.format, args.data);
  if (fileRows.length === 0) throw validationError([{ field: 'data', reason: 'has no clusters' }]);
  if (fileRows.length > IMPORT_LIMITS.rows) {
    throw validationError([
      { field: 'data', reason: `has ${fileRows.length} clusters; at most ${IMPORT_LIMITS.rows} per import` },
    ]);
  }
  const rows = fileRows.map((r) => checkRow(args.format, r, allowed));

  const slugs = await SlugAllocator.load(deps.clusters);
  const firstRowOf = new Map<string, number>();
  for (const r of rows) {
    const slug = r.file.slug;
    if (slug == null) continue;
    const earlier = firstRowOf.get(slug);
    if (earlier !== undefined) r.errors.push({ field: 'slug', reason: `is also given to row ${earlier} of this file` });
    else if (slugs.isTaken(slug)) r.errors.push({ field: 'slug', reason: 'is taken by another cluster' });
    else firstRowOf.set(slug, r.file.row);
  }
  for (const slug of firstRowOf.keys()) slugs.take(slug);
  const good = rows.filter((r) => r.errors.length === 0 && r.input);
  for (const r of good) r.slug = r.file.slug ?? slugs.forName(r.input!.name.en);

  if (!dryRun && good.length > 0) {
    const now = new Date();
    const docs: ClusterDocument[] = [];
    for (const r of good) {
      const cluster: NewCluster = {
        id: randomUUID(),
        input: r.input!,
        slug: r.slug!,
        origin: 'imported',
        registeredBy: caller.subject,
        actor: actorOf(caller, economyPrivilege(caller, r.input!.economyCode)),
        createdAt: now,
        publishedAt: args.publish ? now : null,
      };
      docs.push(newClusterDocument(cluster, deps.validator));
      r.id = cluster.id;
    }
    const outcomes = await insertClusterDocuments(deps.clusters, docs);
    for (const doc of docs) if (outcomes.get(doc._id) === 'inserted') deps.readModel.put(toClusterRecord(doc));
    for (const r of good) {
      const outcome = outcomes.get(r.id!);
      if (outcome === 'inserted') continue;
      r.errors.push(
        outcome === 'duplicate-slug'
          ? { field: 'slug', reason: 'was taken by another cluster meanwhile; import the row again' }
          : { field: 'row', reason: 'could not be stored; import the row again' },
      );
      r.id = undefined;
    }
    await flushOutboxes(
      deps,
      good.filter((r) => r.id).map((r) => r.id!),
    );
  }

  const report = rows.map((r): ImportRowReport => {
    const failed = r.errors.length > 0;
    return {
      row: r.file.row,
      status: failed ? 'FAILED' : 'IMPORTED',
      clusterId: failed ? null : (r.id ?? null),
      slug: failed ? null : (r.slug ?? null),
      errors: r.errors,
    };
  });
  const imported = report.filter((r) => r.status === 'IMPORTED').length;
  return { dryRun, total: report.length, imported, failed: report.length - imported, rows: report };
}
