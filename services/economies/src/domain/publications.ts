import { randomUUID } from 'node:crypto';
import {
  type Caller,
  conflictError,
  coordinates,
  isSecretariat,
  notFoundError,
  type Privilege,
  requirePrivilege,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import {
  PUBLICATION_KINDS,
  PUBLICATION_STATUSES,
  type PublicationDocument,
  type PublicationKind,
  type PublicationModel,
  type PublicationRecord,
  type PublicationStatus,
  toPublicationRecord,
} from '../model/publication.js';
import {
  economyCode,
  expectedVersion,
  isSpecializationCode,
  languageTag,
  optionalText,
  parseInput,
  requestedId,
  text,
} from './content-input.js';

export interface PublicationDeps {
  publications: PublicationModel;
}

export const MAX_BODY_BYTES = 100 * 1024;
const MARKUP = /<\s*\/?\s*[a-z!?][^>]*>|<\s*script/i;
/** Drafts a coordinator or the secretariat may page through; publications are few, so they are filtered in memory. */
const MAX_DRAFTS_SCANNED = 2000;
const ERASED_USER = 'erased-user';

const unique = <T>(items: T[]) => [...new Set(items)];

const publicationInput = z.object({
  kind: z.enum(PUBLICATION_KINDS),
  title: text(300),
  summary: optionalText(1000),
  body: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .refine(
      (s) => Buffer.byteLength(s, 'utf8') <= MAX_BODY_BYTES,
      `must be at most ${MAX_BODY_BYTES} bytes (100 KB)`,
    )
    .refine((s) => !MARKUP.test(s), 'must not contain HTML tags or script (markdown only)'),
  language: languageTag,
  economies: z
    .array(economyCode)
    .max(21, 'at most 21 economies')
    .nullish()
    .transform((l) => unique(l ?? [])),
  clusterIds: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a cluster id'),
    )
    .max(50, 'at most 50 clusters')
    .nullish()
    .transform((l) => unique(l ?? [])),
  specializations: z
    .array(
      z
        .string()
        .trim()
        .refine(isSpecializationCode, 'is not a code of the specialization taxonomy (Query.specializations)'),
    )
    .max(20, 'at most 20 specializations')
    .nullish()
    .transform((l) => unique(l ?? [])),
  status: z
    .enum(PUBLICATION_STATUSES)
    .nullish()
    .transform((s) => s ?? 'DRAFT'),
  publishedAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
    .nullish()
    .transform((s) => (s ? new Date(s) : null))
    // Scheduled publication is not offered: a date ahead of now would pin an item to the top of every list.
    .refine((d) => d === null || d.getTime() <= Date.now() + 5 * 60_000, 'must not be in the future'),
});
export type PublicationInput = z.input<typeof publicationInput>;

/**
 * Who may write or see a draft of a publication tagged with these economies: the secretariat any; a coordinator
 * only one tagged with at least one economy and with none but those they coordinate (no APEC-wide items, no
 * other economy's). The narrowest privilege that allows it, or null.
 */
export function publicationPrivilege(caller: Caller, economies: string[]): Privilege | null {
  if (economies.length > 0 && economies.every((e) => coordinates(caller, e))) return 'coordinator';
  if (isSecretariat(caller)) return 'secretariat';
  return null;
}

const mayAuthorAny = (caller: Caller) =>
  isSecretariat(caller) ||
  (caller.kind === 'user' && caller.grants.some((g) => g.role === 'economy-coordinator'));

/** Anonymous callers and those who author nothing are refused before their input is even read. */
function requireAuthor(caller: Caller, action: string): void {
  if (!mayAuthorAny(caller)) requirePrivilege(caller, null, action);
}

const visible = (caller: Caller, doc: Pick<PublicationDocument, 'status' | 'economies'>) =>
  doc.status === 'PUBLISHED' || publicationPrivilege(caller, doc.economies) !== null;

function documentFrom(v: z.output<typeof publicationInput>, previous: PublicationDocument | null, now: Date) {
  // Published without a date: now, or the date it first had; a draft keeps whatever date it was given.
  const publishedAt = v.publishedAt ?? previous?.publishedAt ?? (v.status === 'PUBLISHED' ? now : null);
  return {
    kind: v.kind,
    title: v.title,
    summary: v.summary,
    body: v.body,
    language: v.language,
    economies: v.economies,
    clusterIds: v.clusterIds,
    specializations: v.specializations,
    status: v.status,
    publishedAt,
    sortAt: publishedAt ?? previous?.createdAt ?? now,
  };
}

function requireEditor(caller: Caller, economies: string[], action: string): Privilege {
  return requirePrivilege(caller, publicationPrivilege(caller, economies), action);
}

export async function createPublication(
  deps: PublicationDeps,
  caller: Caller,
  input: unknown,
): Promise<PublicationRecord> {
  requireAuthor(caller, 'write publications');
  const v = parseInput(publicationInput, input);
  requireEditor(
    caller,
    v.economies,
    'write publications for these economies (a coordinator: tagged with their own economy only)',
  );
  const now = new Date();
  const doc: PublicationDocument = {
    _id: randomUUID(),
    ...documentFrom(v, null, now),
    createdAt: now,
    createdBy: caller.subject,
    updatedAt: now,
    updatedBy: caller.subject,
    version: 1,
  };
  await deps.publications.create(doc);
  return toPublicationRecord(doc);
}

/** The stored publication, or NOT_FOUND when it does not exist or is a draft the caller may not see. */
async function readForEdit(
  deps: PublicationDeps,
  caller: Caller,
  rawId: unknown,
): Promise<PublicationDocument> {
  const id = requestedId(rawId, 'id');
  const doc = await deps.publications.findById(id).lean<PublicationDocument>();
  if (!doc || !visible(caller, doc)) throw notFoundError('Publication', id);
  return doc;
}

function checkVersion(doc: PublicationDocument, expected: number | null | undefined) {
  if (expected != null && expected !== doc.version) {
    throw conflictError(`Publication ${doc._id} changed since version ${expected}; reload it`, {
      field: 'expectedVersion',
      currentVersion: doc.version,
    });
  }
}

/** Replaces a publication's content; the caller must be allowed both for its current and for its new tags. */
export async function updatePublication(
  deps: PublicationDeps,
  caller: Caller,
  args: { id: string; expectedVersion?: number | null; input: unknown },
): Promise<PublicationRecord> {
  requireAuthor(caller, 'edit publications');
  const expected = parseInput(z.object({ expectedVersion }), {
    expectedVersion: args.expectedVersion,
  }).expectedVersion;
  const doc = await readForEdit(deps, caller, args.id);
  requireEditor(caller, doc.economies, 'edit this publication');
  const v = parseInput(publicationInput, args.input);
  requireEditor(
    caller,
    v.economies,
    'tag a publication with these economies (a coordinator: their own economy only)',
  );
  checkVersion(doc, expected);
  const now = new Date();
  const next: PublicationDocument = {
    ...doc,
    ...documentFrom(v, doc, now),
    updatedAt: now,
    updatedBy: caller.subject,
    version: doc.version + 1,
  };
  const { _id, ...fields } = next;
  const res = await deps.publications.updateOne({ _id, version: doc.version }, { $set: fields });
  if (res.matchedCount !== 1) {
    throw conflictError(`Publication ${doc._id} changed meanwhile; reload it`, { field: 'expectedVersion' });
  }
  return toPublicationRecord(next);
}

export async function deletePublication(
  deps: PublicationDeps,
  caller: Caller,
  args: { id: string; expectedVersion?: number | null },
): Promise<string> {
  requireAuthor(caller, 'delete publications');
  const expected = parseInput(z.object({ expectedVersion }), {
    expectedVersion: args.expectedVersion,
  }).expectedVersion;
  const doc = await readForEdit(deps, caller, args.id);
  requireEditor(caller, doc.economies, 'delete this publication');
  checkVersion(doc, expected);
  const res = await deps.publications.deleteOne({ _id: doc._id, version: doc.version });
  if (res.deletedCount !== 1) {
    throw conflictError(`Publication ${doc._id} changed meanwhile; reload it`, { field: 'expectedVersion' });
  }
  return doc._id;
}

/** A publication by id: published ones for everyone, drafts only for those who may edit them; null otherwise. */
export async function readPublication(
  deps: PublicationDeps,
  caller: Caller,
  rawId: unknown,
): Promise<PublicationRecord | null> {
  const id = requestedId(rawId, 'id');
  const doc = await deps.publications.findById(id).lean<PublicationDocument>();
  return doc && visible(caller, doc) ? toPublicationRecord(doc) : null;
}

export interface PublicationFilter {
  kind?: PublicationKind | null;
  economy?: string | null;
  language?: string | null;
  status?: PublicationStatus | null;
  first?: number | null;
  after?: string | null;
}

export interface PublicationPage {
  nodes: PublicationRecord[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface Cursor {
  at: Date;
  id: string;
}

const encodeCursor = (p: Pick<PublicationDocument, 'sortAt' | '_id'>) =>
  Buffer.from(JSON.stringify([new Date(p.sortAt).toISOString(), p._id])).toString('base64url');

function decodeCursor(after: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    if (typeof id === 'string' && id.length <= 100 && !Number.isNaN(date.getTime())) return { at: date, id };
  } catch {
    // Reported below.
  }
  throw validationError([
    { field: 'after', reason: 'is not a cursor of this list (use pageInfo.endCursor)' },
  ]);
}

const filterInput = z.object({
  kind: z.enum(PUBLICATION_KINDS).nullish(),
  economy: economyCode.nullish(),
  language: languageTag.nullish(),
  status: z
    .enum(PUBLICATION_STATUSES)
    .nullish()
    .transform((s) => s ?? 'PUBLISHED'),
  first: z.number().int().min(1, 'must be between 1 and 100').max(100, 'must be between 1 and 100').nullish(),
  after: z.string().max(300, 'is not a cursor of this list').nullish(),
});

/** Newest first: by date, then by id (descending), so a page boundary is one exact point. */
const newerThan = (c: Cursor) => ({ $or: [{ sortAt: { $lt: c.at } }, { sortAt: c.at, _id: { $lt: c.id } }] });
const isAfter = (d: PublicationDocument, c: Cursor) =>
  d.sortAt.getTime() < c.at.getTime() || (d.sortAt.getTime() === c.at.getTime() && d._id < c.id);
const SORT = { sortAt: -1, _id: -1 } as const;

/**
 * A page of publications, newest first. Published ones for everyone; `status: DRAFT` lists the drafts the caller
 * may edit (none for the public). `language: en` also finds `en-GB`.
 */
export async function listPublications(
  deps: PublicationDeps,
  caller: Caller,
  filter: PublicationFilter,
): Promise<PublicationPage> {
  const f = parseInput(filterInput, filter);
  const first = f.first ?? 20;
  const cursor = f.after ? decodeCursor(f.after) : null;
  const query: Record<string, unknown> = { status: f.status };
  if (f.kind) query.kind = f.kind;
  if (f.economy) query.economies = f.economy;
  // Canonical tags hold only letters, digits and hyphens: safe inside the pattern.
  if (f.language) query.language = { $regex: `^${f.language}(-|$)`, $options: 'i' };
  let docs: PublicationDocument[];
  let totalCount: number;
  if (f.status === 'PUBLISHED') {
    const [page, count] = await Promise.all([
      deps.publications
        .find(cursor ? { ...query, ...newerThan(cursor) } : query)
        .sort(SORT)
        .limit(first + 1)
        .lean<PublicationDocument[]>(),
      deps.publications.countDocuments(query),
    ]);
    docs = page;
    totalCount = count;
  } else if (!mayAuthorAny(caller)) {
    docs = [];
    totalCount = 0;
  } else {
    const all = (
      await deps.publications.find(query).sort(SORT).limit(MAX_DRAFTS_SCANNED).lean<PublicationDocument[]>()
    ).filter((d) => visible(caller, d));
    totalCount = all.length;
    docs = (cursor ? all.filter((d) => isAfter(d, cursor)) : all).slice(0, first + 1);
  }
  const nodes = docs.slice(0, first);
  const last = nodes.at(-1);
  return {
    nodes: nodes.map(toPublicationRecord),
    totalCount,
    pageInfo: { hasNextPage: docs.length > first, endCursor: last ? encodeCursor(last) : null },
  };
}

/** An economy page's latest published publications. */
export async function economyPublications(
  deps: PublicationDeps,
  code: string,
  args: { kind?: PublicationKind | null; first?: number | null },
): Promise<PublicationRecord[]> {
  const first = parseInput(
    z.object({
      first: z
        .number()
        .int()
        .min(1, 'must be between 1 and 50')
        .max(50, 'must be between 1 and 50')
        .nullish(),
    }),
    { first: args.first },
  ).first;
  const query: Record<string, unknown> = { status: 'PUBLISHED', economies: code };
  if (args.kind) query.kind = args.kind;
  const docs = await deps.publications
    .find(query)
    .sort(SORT)
    .limit(first ?? 5)
    .lean<PublicationDocument[]>();
  return docs.map(toPublicationRecord);
}

/** The latest published news, for the feed. */
export async function latestNews(
  deps: PublicationDeps,
  economy: string | null,
  limit: number,
): Promise<PublicationRecord[]> {
  const query: Record<string, unknown> = { status: 'PUBLISHED', kind: 'NEWS' };
  if (economy) query.economies = economy;
  const docs = await deps.publications.find(query).sort(SORT).limit(limit).lean<PublicationDocument[]>();
  return docs.map(toPublicationRecord);
}

/** An erased user's id leaves the publications they wrote or last edited; the texts stay (they are the platform's). */
export async function erasePublicationAuthors(deps: PublicationDeps, userId: string): Promise<number> {
  const created = await deps.publications.updateMany(
    { createdBy: userId },
    { $set: { createdBy: ERASED_USER } },
  );
  const updated = await deps.publications.updateMany(
    { updatedBy: userId },
    { $set: { updatedBy: ERASED_USER } },
  );
  return created.modifiedCount + updated.modifiedCount;
}
