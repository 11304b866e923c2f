import {
  type Caller,
  isEconomyCode,
  isSpecializationCode,
  matchesAll,
  problemsFromZod,
  queryNeedles,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import {
  type CooperationOfferRecord,
  decodeOfferCursor,
  encodeOfferCursor,
  type OfferEntry,
  type OfferStatus,
} from '../model/cooperation-offer.js';
import type { MatchmakingDeps } from './deps.js';
import { pageSize } from './input.js';
import { statusOn } from './offer-change.js';
import { economyCodes, isoDate, todayUtc } from './offer-input.js';
import { offerKind } from './publish-cooperation-offer.js';

/** CooperationOfferFilter as the graph passes it; strict, so nothing but these fields reaches the search. */
export const offerFilterInput = z
  .object({
    kinds: z.array(offerKind).max(3).nullish(),
    economies: economyCodes.nullish(),
    sectors: z
      .array(
        z
          .string()
          .refine(
            isSpecializationCode,
            'is not a specialization code (schemas/reference/specializations.json)',
          ),
      )
      .max(50, 'at most 50 codes')
      .nullish(),
    targetEconomy: z
      .string()
      .refine(isEconomyCode, 'is not one of the 21 APEC economy codes (ISO 3166-1 alpha-2)')
      .nullish(),
    status: z
      .enum(['OPEN', 'CLOSED'])
      .transform((s) => s.toLowerCase() as OfferStatus)
      .nullish(),
    text: z.string().max(200, 'must be at most 200 characters').nullish(),
    deadlineFrom: isoDate.nullish(),
  })
  .strict();

export interface OfferPage {
  nodes: CooperationOfferRecord[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

function parseFilter(filter: unknown) {
  const parsed = offerFilterInput.safeParse(filter ?? {});
  if (!parsed.success) {
    throw validationError(
      problemsFromZod(parsed.error.issues).map((p) => ({ ...p, field: `filter.${p.field}` })),
    );
  }
  return parsed.data;
}

type Predicate = (entry: OfferEntry) => boolean;

/** One predicate per criterion given: all must hold. */
function offerPredicate(filter: z.output<typeof offerFilterInput>, now: Date): Predicate {
  const checks: Predicate[] = [];
  const status = filter.status ?? 'open';
  const today = todayUtc(now);
  checks.push((e) => statusOn(e.record, today) === status);
  if (filter.kinds?.length) {
    const kinds = new Set(filter.kinds);
    checks.push((e) => kinds.has(e.record.kind));
  }
  if (filter.economies?.length) {
    const economies = new Set(filter.economies);
    checks.push((e) => economies.has(e.record.economy));
  }
  if (filter.sectors?.length) {
    const sectors = filter.sectors;
    checks.push((e) => sectors.some((code) => e.sectorScope.has(code)));
  }
  if (filter.targetEconomy) {
    const target = filter.targetEconomy;
    checks.push((e) => e.record.targetEconomies.length === 0 || e.record.targetEconomies.includes(target));
  }
  if (filter.deadlineFrom) {
    const from = filter.deadlineFrom;
    checks.push((e) => e.record.deadline == null || e.record.deadline >= from);
  }
  const needles = filter.text ? queryNeedles(filter.text) : [];
  if (needles.length) checks.push((e) => matchesAll(e.hay, needles));
  return (e) => checks.every((check) => check(e));
}

/** A page of the matching entries (already newest first) after the cursor. */
function pageOf(matches: readonly OfferEntry[], first: number, after: string | null | undefined): OfferPage {
  let start = 0;
  if (after) {
    const cursor = decodeOfferCursor(after);
    if (!cursor) throw validationError([{ field: 'after', reason: 'is not a cursor this query returned' }]);
    const at = cursor.createdAt.getTime();
    // The first entry after the cursor's position in the order, wherever the cursor's own offer went.
    start = matches.findIndex((e) => {
      const t = e.record.createdAt.getTime();
      return t < at || (t === at && e.record.id < cursor.id);
    });
    if (start < 0) start = matches.length;
  }
  const nodes = matches.slice(start, start + first).map((e) => e.record);
  const last = nodes.at(-1);
  return {
    nodes,
    totalCount: matches.length,
    pageInfo: {
      hasNextPage: start + first < matches.length,
      endCursor: last ? encodeOfferCursor(last) : null,
    },
  };
}

/**
 * Offers matching a filter, newest first, from the in-memory read model: open ones unless a status is
 * given (an offer past its deadline counts as closed), by kind, owning economy, sector (a parent code
 * matches its children), target economy (offers aimed at it or at every economy), deadline and free text.
 */
export function browseCooperationOffers(
  deps: MatchmakingDeps,
  args: { filter?: unknown; first?: number | null; after?: string | null },
  now = new Date(),
): OfferPage {
  const size = pageSize(args.first, 50);
  const predicate = offerPredicate(parseFilter(args.filter), now);
  return pageOf(deps.offerRepository.newestFirst().filter(predicate), size, args.after);
}

/** The offers the caller follows, whatever their status, newest first. */
export function followedCooperationOffers(
  deps: MatchmakingDeps,
  caller: Caller,
  args: { first?: number | null; after?: string | null },
): OfferPage {
  requireSignedIn(caller, 'list the cooperation offers you follow');
  const size = pageSize(args.first, 50);
  const followed = deps.offerRepository
    .newestFirst()
    .filter((e) => e.record.followers.includes(caller.subject));
  return pageOf(followed, size, args.after);
}

/** A cluster's offers of one status (open unless given), newest first. */
export function offersOfCluster(
  deps: MatchmakingDeps,
  clusterId: string,
  args: { first?: number | null; status?: string | null },
  now = new Date(),
): CooperationOfferRecord[] {
  const size = pageSize(args.first, 50);
  const status = (args.status ?? 'OPEN').toLowerCase();
  const today = todayUtc(now);
  const out: CooperationOfferRecord[] = [];
  for (const e of deps.offerRepository.newestFirst()) {
    if (out.length >= size) break;
    if (e.record.clusterId === clusterId && statusOn(e.record, today) === status) out.push(e.record);
  }
  return out;
}
