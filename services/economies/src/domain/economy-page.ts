import { randomUUID } from 'node:crypto';
import {
  actorOf,
  type Caller,
  conflictError,
  economyPrivilege,
  type EventValidator,
  type OutboxRelay,
  requirePrivilege,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import { economyUpdated } from '../events/economy-page-events.js';
import {
  type EconomyDocument,
  type EconomyModel,
  type EconomyRecord,
  toEconomyRecord,
} from '../model/economy.js';
import {
  type EconomyPage,
  type Institution,
  type Official,
  PAGE_LISTS,
  type PageList,
  SUPPORT_MEASURE_TYPES,
  type SupportMeasure,
} from '../model/economy-page.js';
import {
  economyCode,
  expectedVersion,
  multilingualText,
  optionalLink,
  optionalText,
  parseInput,
  text,
} from './content-input.js';

export interface EconomyPageDeps {
  economies: EconomyModel;
  economyRelay: OutboxRelay;
  validator: EventValidator;
}

/** Each list's cap: a page stays one readable document (and one page of a web form). */
export const MAX_PAGE_ENTRIES = 100;
const LIMITS = { name: 200, line: 200, description: 5000 } as const;

const entryId = z
  .string()
  .uuid('must be the id of an entry of this list (omit it for a new entry)')
  .nullish();

const years = z
  .object({
    from: z
      .number()
      .int()
      .min(1950, 'must be between 1950 and 2100')
      .max(2100, 'must be between 1950 and 2100'),
    to: z
      .number()
      .int()
      .min(1950, 'must be between 1950 and 2100')
      .max(2100, 'must be between 1950 and 2100')
      .nullish()
      .transform((y) => y ?? null),
  })
  .refine((y) => y.to === null || y.to >= y.from, { path: ['to'], message: 'must not be before from' })
  .nullish()
  .transform((y) => y ?? null);

const supportMeasureInput = z.object({
  id: entryId,
  name: multilingualText(LIMITS.name),
  agency: text(LIMITS.line),
  type: z.enum(SUPPORT_MEASURE_TYPES),
  description: optionalText(LIMITS.description),
  link: optionalLink,
  years,
});

const institutionInput = z.object({
  id: entryId,
  name: multilingualText(LIMITS.name),
  role: optionalText(LIMITS.line),
  link: optionalLink,
});

const email = z
  .string()
  .nullish()
  .transform((s) => (s?.trim() ? s.trim() : null))
  .pipe(z.email('must be an email address').max(254, 'must be at most 254 characters').nullable());

const phone = z
  .string()
  .nullish()
  .transform((s) => (s?.trim() ? s.trim() : null))
  .pipe(
    z
      .string()
      .regex(
        /^\+?[0-9][0-9 ().-]{4,28}[0-9)]$/,
        'must be a phone number: digits, spaces, ( ) . - and a leading +',
      )
      .nullable(),
  );

const officialInput = z.object({
  id: entryId,
  name: text(LIMITS.line),
  position: text(LIMITS.line),
  institution: optionalText(LIMITS.line),
  link: optionalLink,
  email,
  phone,
  userId: optionalText(100),
});

const list = <S extends z.ZodType>(entry: S) =>
  z.array(entry).max(MAX_PAGE_ENTRIES, `at most ${MAX_PAGE_ENTRIES} entries`).nullish();

const pageInput = z.object({
  supportMeasures: list(supportMeasureInput),
  institutions: list(institutionInput),
  officials: list(officialInput),
});
type PageInput = z.output<typeof pageInput>;

const target = z.object({ code: economyCode, expectedVersion });

export interface UpdateEconomyPageArgs {
  code: string;
  expectedVersion?: number | null;
  input: unknown;
}

/**
 * Entries keep the id they are given (the UI edits one entry of a list by sending the list back); a new entry
 * has none and gets one. An id that is not in the current list, or given twice, is refused: ids are never invented.
 */
function withIds<T extends { id: string }>(
  field: PageList,
  given: ({ id?: string | null } & Omit<T, 'id'>)[],
  current: T[],
): T[] {
  const known = new Set(current.map((e) => e.id));
  const used = new Set<string>();
  return given.map((entry, i) => {
    const { id, ...rest } = entry;
    if (id && (!known.has(id) || used.has(id))) {
      throw validationError([
        {
          field: `${field}.${i}.id`,
          reason: used.has(id) ? 'is given twice' : 'is not the id of an entry of this list',
        },
      ]);
    }
    const assigned = id ?? randomUUID();
    used.add(assigned);
    return { ...rest, id: assigned } as unknown as T;
  });
}

function nextLists(input: PageInput, current: EconomyPage): Partial<Pick<EconomyPage, PageList>> {
  const next: Partial<Pick<EconomyPage, PageList>> = {};
  if (input.supportMeasures) {
    next.supportMeasures = withIds<SupportMeasure>(
      'supportMeasures',
      input.supportMeasures,
      current.supportMeasures,
    );
  }
  if (input.institutions) {
    next.institutions = withIds<Institution>('institutions', input.institutions, current.institutions);
  }
  if (input.officials) next.officials = withIds<Official>('officials', input.officials, current.officials);
  return next;
}

/** Key order does not make a change: entries are compared as canonical JSON. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** The page of an economy as stored, with the record the API returns. */
async function readEconomy(economies: EconomyModel, code: string): Promise<EconomyDocument> {
  const doc = await economies.findById(code).lean<EconomyDocument>();
  if (!doc) throw validationError([{ field: 'code', reason: 'is not one of the 21 APEC economy codes' }]);
  return doc;
}

/**
 * Writes a new page (whole lists) and its `…economy.updated.v1` event in one update guarded by the version read:
 * a concurrent change makes it read again, or answers CONFLICT when the caller named the version it edited.
 */
export async function writePage(
  deps: EconomyPageDeps,
  code: string,
  change: (current: EconomyPage) => Partial<Pick<EconomyPage, PageList>>,
  options: { expectedVersion?: number | null; actor: Parameters<typeof economyUpdated>[4] },
): Promise<{ doc: EconomyDocument; changed: PageList[] }> {
  const { economies, validator, economyRelay } = deps;
  for (let attempt = 0; attempt < 10; attempt++) {
    const doc = await readEconomy(economies, code);
    const current = toEconomyRecord(doc).page as EconomyPage;
    if (options.expectedVersion != null && options.expectedVersion !== doc.version) {
      throw conflictError(`The page of ${code} changed since version ${options.expectedVersion}; reload it`, {
        field: 'expectedVersion',
        currentVersion: doc.version,
      });
    }
    const next = change(current);
    const changed = PAGE_LISTS.filter((l) => next[l] && canonical(next[l]) !== canonical(current[l]));
    if (changed.length === 0) return { doc, changed };
    const version = doc.version + 1;
    const updatedAt = new Date();
    const page = { ...current, ...next, updatedAt: updatedAt.toISOString() };
    const event = economyUpdated(code, version, changed, page, options.actor);
    validator.assertValid(event);
    const set: Record<string, unknown> = {
      version,
      pageUpdatedAt: updatedAt,
      outbox: [...(doc.outbox ?? []), event],
    };
    for (const l of changed) set[l] = page[l];
    const res = await economies.updateOne({ _id: code, version: doc.version }, { $set: set });
    if (res.matchedCount === 1) {
      await economyRelay.flush(code).catch(() => {});
      return { doc: { ...doc, ...set } as EconomyDocument, changed };
    }
    if (options.expectedVersion != null) {
      throw conflictError(`The page of ${code} changed meanwhile; reload it`, { field: 'expectedVersion' });
    }
  }
  throw new Error(`the page of ${code} kept changing while writing it`);
}

/**
 * The economy's coordinator (or the secretariat) replaces the lists given — support measures, institutions,
 * officials; lists left out stay as they are. Nothing is written, and no event exists, unless something changed.
 */
export async function updateEconomyPage(
  deps: EconomyPageDeps,
  caller: Caller,
  args: UpdateEconomyPageArgs,
): Promise<EconomyRecord> {
  const { code, expectedVersion: version } = parseInput(target, {
    code: args.code,
    expectedVersion: args.expectedVersion,
  });
  const privilege = requirePrivilege(
    caller,
    economyPrivilege(caller, code),
    `edit the page of economy ${code}`,
  );
  const input = parseInput(pageInput, args.input ?? {});
  const { doc } = await writePage(deps, code, (current) => nextLists(input, current), {
    expectedVersion: version,
    actor: actorOf(caller, privilege),
  });
  return toEconomyRecord(doc);
}

/** Who may see an official's platform user id: those who may edit the page (they need it to keep the link). */
export const mayEditPage = (caller: Caller, code: string) => economyPrivilege(caller, code) !== null;
