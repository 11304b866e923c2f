import { economyOffsets, formatOffset, hoursApart } from './time-zones.js';
import { type Kinship, type Taxonomy, taxonomy } from './taxonomy.js';

/**
 * The partner score: seven criteria, each a value in [0, 1] times a weight; the weights sum to 1, so the
 * score is in [0, 1] too. Formulas, examples and the reasons for the weights are in docs/matching.md.
 */
export const CRITERIA = [
  { name: 'specialization', weight: 0.3 },
  { name: 'valueChain', weight: 0.15 },
  { name: 'destinationInterest', weight: 0.15 },
  { name: 'openOffers', weight: 0.15 },
  { name: 'languages', weight: 0.1 },
  { name: 'timeZone', weight: 0.05 },
  { name: 'freshness', weight: 0.1 },
] as const;

export type CriterionName = (typeof CRITERIA)[number]['name'];

/** Criteria that make a suggestion worth showing; languages, time zones and freshness alone do not. */
const SUBSTANTIVE = 4;

const DAY = 86_400_000;
export const FRESH_DAYS = 30;
export const STALE_DAYS = 365;
export const TIME_ZONE_HORIZON_HOURS = 12;

/** An open cooperation offer as the score reads it. */
export interface OpenOffer {
  id: string;
  kind: string;
  title: string;
  /** Specialization codes, interned in the taxonomy. */
  sectors: readonly number[];
  targetEconomies: readonly string[];
  /** ISO date (YYYY-MM-DD), the last day it is open, or null. */
  deadline: string | null;
}

/** What the score knows of a cluster. */
export interface PartnerProfile {
  id: string;
  economy: string;
  /** Specialization codes, interned in the taxonomy, without duplicates. */
  specializations: readonly number[];
  /** Economies the cluster seeks partners in (its profile's partnership destinations). */
  destinations: readonly string[];
  /** Primary language subtags of its reachable contacts, lower case, without duplicates. */
  languages: readonly string[];
  /** When its profile was last updated or verified (epoch ms), null if unknown. */
  freshAt: number | null;
  /** Whether `freshAt` is a manager's verification rather than an edit. */
  verified: boolean;
  offers: readonly OpenOffer[];
}

export interface ScoringContext {
  taxonomy: Taxonomy;
  now: number;
  /** `now` as an ISO date: offers whose deadline is before it are closed. */
  today: string;
  /** Each economy's UTC offset in minutes at `now`. */
  offsets: ReadonlyMap<string, number>;
}

export function scoringContext(now: Date = new Date(), tax: Taxonomy = taxonomy()): ScoringContext {
  return {
    taxonomy: tax,
    now: now.getTime(),
    today: now.toISOString().slice(0, 10),
    offsets: economyOffsets(now),
  };
}

export interface CriterionScore {
  name: CriterionName;
  weight: number;
  value: number;
  contribution: number;
  reason: string;
}

export interface PairScore {
  score: number;
  criteria: CriterionScore[];
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

// Specialization similarity: each code's best match on the other side, averaged over both sides.
function specialization(a: PartnerProfile, b: PartnerProfile, t: Taxonomy): number {
  const n = a.specializations.length + b.specializations.length;
  if (a.specializations.length === 0 || b.specializations.length === 0) return 0;
  let sum = 0;
  for (const x of a.specializations) {
    let best = 0;
    for (const y of b.specializations) best = Math.max(best, t.similarity(x, y));
    sum += best;
  }
  for (const y of b.specializations) {
    let best = 0;
    for (const x of a.specializations) best = Math.max(best, t.similarity(x, y));
    sum += best;
  }
  return sum / n;
}

// Value-chain complementarity: the share of both sides' codes that supply, or are supplied by, the other side.
function valueChain(a: PartnerProfile, b: PartnerProfile, t: Taxonomy): number {
  const n = a.specializations.length + b.specializations.length;
  if (a.specializations.length === 0 || b.specializations.length === 0) return 0;
  let covered = 0;
  for (const x of a.specializations) if (b.specializations.some((y) => t.linked(x, y))) covered++;
  for (const y of b.specializations) if (a.specializations.some((x) => t.linked(x, y))) covered++;
  return covered / n;
}

function destinationInterest(a: PartnerProfile, b: PartnerProfile): number {
  return (a.destinations.includes(b.economy) ? 0.5 : 0) + (b.destinations.includes(a.economy) ? 0.5 : 0);
}

const live = (offer: OpenOffer, ctx: ScoringContext) =>
  offer.deadline === null || offer.deadline >= ctx.today;
const aimedAt = (offer: OpenOffer, economy: string) =>
  offer.targetEconomies.length === 0 || offer.targetEconomies.includes(economy);
const meets = (t: Taxonomy, xs: readonly number[], ys: readonly number[]) =>
  xs.some((x) => ys.some((y) => t.related(x, y)));

interface OfferMatch {
  what: 'their-offer' | 'your-offer' | 'your-project' | 'their-project';
  offer: OpenOffer;
  counterpart: OpenOffer | null;
}

/** An open offer of `supplier` that meets an open need of `seeker`, each aimed at the other's economy. */
function offerMeetsNeed(
  seeker: PartnerProfile,
  supplier: PartnerProfile,
  ctx: ScoringContext,
): [OpenOffer, OpenOffer] | null {
  for (const need of seeker.offers) {
    if (need.kind !== 'need' || !live(need, ctx) || !aimedAt(need, supplier.economy)) continue;
    for (const offer of supplier.offers) {
      if (offer.kind !== 'offer' || !live(offer, ctx) || !aimedAt(offer, seeker.economy)) continue;
      if (meets(ctx.taxonomy, need.sectors, offer.sectors)) return [offer, need];
    }
  }
  return null;
}

/** An open project of `owner` aimed at `partner`'s economy about one of `partner`'s specializations. */
function projectFor(owner: PartnerProfile, partner: PartnerProfile, ctx: ScoringContext): OpenOffer | null {
  for (const project of owner.offers) {
    if (project.kind !== 'project' || !live(project, ctx) || !aimedAt(project, partner.economy)) continue;
    if (meets(ctx.taxonomy, project.sectors, partner.specializations)) return project;
  }
  return null;
}

const NO_MATCHES: OfferMatch[] = [];

function offerMatches(a: PartnerProfile, b: PartnerProfile, ctx: ScoringContext): OfferMatch[] {
  if (a.offers.length === 0 && b.offers.length === 0) return NO_MATCHES;
  const found: OfferMatch[] = [];
  const theirs = offerMeetsNeed(a, b, ctx);
  if (theirs) found.push({ what: 'their-offer', offer: theirs[0], counterpart: theirs[1] });
  const yours = offerMeetsNeed(b, a, ctx);
  if (yours) found.push({ what: 'your-offer', offer: yours[0], counterpart: yours[1] });
  const project = projectFor(a, b, ctx) ?? projectFor(b, a, ctx);
  if (project) {
    found.push({
      what: a.offers.includes(project) ? 'your-project' : 'their-project',
      offer: project,
      counterpart: null,
    });
  }
  return found;
}

// Matching open offers: their offer meets your need, yours meets theirs, a project seeks the other; two of three make 1.
const openOffers = (matches: OfferMatch[]) => Math.min(1, matches.length / 2);

function sharedLanguages(a: PartnerProfile, b: PartnerProfile): string[] {
  return a.languages.filter((l) => b.languages.includes(l));
}

// Shared languages: the overlap coefficient, so one common language among few is a full match.
function languages(a: PartnerProfile, b: PartnerProfile): number {
  const smaller = Math.min(a.languages.length, b.languages.length);
  return smaller === 0 ? 0 : sharedLanguages(a, b).length / smaller;
}

function timeZone(a: PartnerProfile, b: PartnerProfile, ctx: ScoringContext): number {
  const x = ctx.offsets.get(a.economy);
  const y = ctx.offsets.get(b.economy);
  if (x === undefined || y === undefined) return 0;
  return Math.max(0, 1 - hoursApart(x, y) / TIME_ZONE_HORIZON_HOURS);
}

const daysSince = (at: number, ctx: ScoringContext) => Math.max(0, Math.floor((ctx.now - at) / DAY));

// Profile freshness of the suggested cluster: full for a month, none after a year, linear between.
function freshness(b: PartnerProfile, ctx: ScoringContext): number {
  if (b.freshAt === null) return 0;
  const days = daysSince(b.freshAt, ctx);
  if (days <= FRESH_DAYS) return 1;
  if (days >= STALE_DAYS) return 0;
  return (STALE_DAYS - days) / (STALE_DAYS - FRESH_DAYS);
}

/** The seven values, rounded to 4 decimals, in CRITERIA's order. */
export function criterionValues(
  a: PartnerProfile,
  b: PartnerProfile,
  ctx: ScoringContext,
  out: number[] = new Array(CRITERIA.length),
): number[] {
  const t = ctx.taxonomy;
  out[0] = round4(specialization(a, b, t));
  out[1] = round4(valueChain(a, b, t));
  out[2] = round4(destinationInterest(a, b));
  out[3] = round4(openOffers(offerMatches(a, b, ctx)));
  out[4] = round4(languages(a, b));
  out[5] = round4(timeZone(a, b, ctx));
  out[6] = round4(freshness(b, ctx));
  return out;
}

export const contributionOf = (index: number, value: number) => round6(CRITERIA[index]!.weight * value);

export function scoreOf(values: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < CRITERIA.length; i++) sum += contributionOf(i, values[i]!);
  return round6(sum);
}

/** A pair is worth suggesting when something of substance relates them (not only language, time or freshness). */
export function hasSubstance(values: readonly number[]): boolean {
  for (let i = 0; i < SUBSTANTIVE; i++) if (values[i]! > 0) return true;
  return false;
}

// The ranking scores thousands of pairs per question: one array reused, nothing allocated per pair.
const scratch: number[] = new Array(CRITERIA.length).fill(0);

/** The score of `b` as a partner for `a`, or null when nothing of substance relates them; the ranking's fast path. */
export function quickScore(a: PartnerProfile, b: PartnerProfile, ctx: ScoringContext): number | null {
  const values = criterionValues(a, b, ctx, scratch);
  return hasSubstance(values) ? scoreOf(values) : null;
}

const list = (items: string[], max = 3) =>
  items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', ');
const quoted = (offer: OpenOffer) => `“${offer.title}”`;

const KINSHIP_WORDS: Record<Exclude<Kinship, null>, string> = {
  same: 'same',
  parent: 'one within the other',
  sibling: 'same family',
  isic: 'same ISIC class',
};

function specializationReason(a: PartnerProfile, b: PartnerProfile, t: Taxonomy): string {
  const same = a.specializations.filter((x) => b.specializations.includes(x)).map((x) => t.label(x));
  const related: string[] = [];
  for (const x of a.specializations) {
    if (b.specializations.includes(x)) continue;
    let best: number | null = null;
    for (const y of b.specializations)
      if (t.similarity(x, y) > (best === null ? 0 : t.similarity(x, best))) best = y;
    if (best !== null)
      related.push(
        `your ${t.label(x)} ~ their ${t.label(best)} (${KINSHIP_WORDS[t.kinship(x, best) ?? 'isic']})`,
      );
  }
  const parts = [];
  if (same.length) parts.push(`both in ${list(same)}`);
  if (related.length) parts.push(list(related, 2));
  return parts.join('; ') || 'no shared or related specialization';
}

function valueChainReason(a: PartnerProfile, b: PartnerProfile, t: Taxonomy): string {
  const links: string[] = [];
  for (const x of a.specializations)
    for (const y of b.specializations) {
      if (t.supplies(x, y)) links.push(`your ${t.label(x)} supplies their ${t.label(y)}`);
      if (t.supplies(y, x)) links.push(`their ${t.label(y)} supplies your ${t.label(x)}`);
    }
  return links.length ? list(links, 2) : 'no supplier–customer link between your specializations';
}

function destinationReason(a: PartnerProfile, b: PartnerProfile): string {
  const parts = [];
  if (a.destinations.includes(b.economy)) parts.push(`you want ${b.economy}`);
  if (b.destinations.includes(a.economy)) parts.push(`they want ${a.economy}`);
  return parts.join('; ') || "neither lists the other's economy as a destination";
}

const OFFER_PHRASES: Record<OfferMatch['what'], (offer: string, counterpart: string) => string> = {
  'their-offer': (offer, need) => `their offer ${offer} meets your need ${need}`,
  'your-offer': (offer, need) => `your offer ${offer} meets their need ${need}`,
  'your-project': (project) => `your project ${project} fits their specializations`,
  'their-project': (project) => `their project ${project} fits your specializations`,
};

function offersReason(matches: OfferMatch[]): string {
  const parts = matches.map(({ what, offer, counterpart }) =>
    OFFER_PHRASES[what](quoted(offer), counterpart ? quoted(counterpart) : ''),
  );
  return parts.join('; ') || 'no open offers that match';
}

function languagesReason(a: PartnerProfile, b: PartnerProfile): string {
  if (a.languages.length === 0 || b.languages.length === 0) return 'contact languages not given';
  const shared = sharedLanguages(a, b);
  return shared.length ? `both speak ${shared.join(', ')}` : 'no contact language in common';
}

function timeZoneReason(a: PartnerProfile, b: PartnerProfile, ctx: ScoringContext): string {
  const x = ctx.offsets.get(a.economy);
  const y = ctx.offsets.get(b.economy);
  if (x === undefined || y === undefined) return 'time zone unknown';
  const hours = hoursApart(x, y);
  return `${formatOffset(x)} and ${formatOffset(y)}: ${hours === 0 ? 'same time' : `${hours} h apart`}`;
}

function freshnessReason(b: PartnerProfile, ctx: ScoringContext): string {
  if (b.freshAt === null) return 'last update unknown';
  const days = daysSince(b.freshAt, ctx);
  const verb = b.verified ? 'verified' : 'updated';
  if (days >= STALE_DAYS) return `${verb} over a year ago`;
  return `profile ${verb} ${days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`}`;
}

/** `b` as a partner for `a`: every criterion with its weight, value, contribution and reason. */
export function scorePair(a: PartnerProfile, b: PartnerProfile, ctx: ScoringContext): PairScore {
  const t = ctx.taxonomy;
  const values = criterionValues(a, b, ctx);
  const reasons = [
    specializationReason(a, b, t),
    valueChainReason(a, b, t),
    destinationReason(a, b),
    offersReason(offerMatches(a, b, ctx)),
    languagesReason(a, b),
    timeZoneReason(a, b, ctx),
    freshnessReason(b, ctx),
  ];
  const criteria = CRITERIA.map(({ name, weight }, i) => ({
    name,
    weight,
    value: values[i]!,
    contribution: contributionOf(i, values[i]!),
    reason: reasons[i]!,
  }));
  return { score: scoreOf(values), criteria };
}
