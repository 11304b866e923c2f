import type { KeyMember, ClusterStatus } from '../model/cluster.js';
import type { SearchEntry } from './entry.js';
import { matchScore } from '@ccp/kit';

export type SortKey = 'NAME' | 'UPDATED' | 'COMPLETENESS' | 'MEMBER_COUNT' | 'RELEVANCE';

/** A validated search (see src/search/filter.ts). */
export interface SearchQuery {
  economies: Set<string> | null;
  status: ClusterStatus;
  specializations: Set<string> | null;
  memberTypes: Set<KeyMember['type']> | null;
  internationalMembership: boolean | null;
  foundedFrom: number | null;
  foundedTo: number | null;
  /** What the free text looks for (the kit's `queryNeedles`). */
  terms: string[];
  /** Entries the caller may see in a status other than published (their own, their economy's, or all). */
  visible(entry: SearchEntry): boolean;
}

export interface FacetCounts {
  economies: Map<string, number>;
  specializations: Map<string, number>;
  memberTypes: Map<string, number>;
  internationalMembership: Map<string, number>;
}

export interface Match {
  entry: SearchEntry;
  score: number;
}

const ECONOMY = 1;
const SPECIALIZATION = 2;
const MEMBER_TYPE = 4;
const INTERNATIONAL = 8;
const ALL = ECONOMY | SPECIALIZATION | MEMBER_TYPE | INTERNATIONAL;

const intersects = <T>(wanted: Set<T>, have: Iterable<T>) => {
  for (const v of have) if (wanted.has(v)) return true;
  return false;
};

const bump = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

/**
 * One pass over the entries, in the order given: the matches (with their text score) and disjunctive facet
 * counts — each facet counts what the other criteria select, so choosing one economy still shows how many
 * clusters the other economies would add.
 */
export function runSearch(entries: Iterable<SearchEntry>, q: SearchQuery): { matches: Match[]; facets: FacetCounts } {
  const matches: Match[] = [];
  const facets: FacetCounts = {
    economies: new Map(),
    specializations: new Map(),
    memberTypes: new Map(),
    internationalMembership: new Map(),
  };
  for (const entry of entries) {
    if (entry.status !== q.status) continue;
    if (q.status !== 'published' && !q.visible(entry)) continue;
    if (q.foundedFrom !== null && (entry.founded === null || entry.founded < q.foundedFrom)) continue;
    if (q.foundedTo !== null && (entry.founded === null || entry.founded > q.foundedTo)) continue;
    let score = 1;
    if (q.terms.length) {
      score = matchScore(entry.hay, q.terms);
      if (score === 0) continue;
      // Terms all found in the name rank above matches elsewhere.
      if (matchScore(entry.nameHay, q.terms) > 0) score += 100;
    }
    let pass = 0;
    if (!q.economies || q.economies.has(entry.economyCode)) pass |= ECONOMY;
    if (!q.specializations || intersects(q.specializations, entry.specializationScope)) pass |= SPECIALIZATION;
    if (!q.memberTypes || intersects(q.memberTypes, entry.memberTypes)) pass |= MEMBER_TYPE;
    if (q.internationalMembership === null || q.internationalMembership === entry.internationalMembership) {
      pass |= INTERNATIONAL;
    }
    if ((pass | ECONOMY) === ALL) bump(facets.economies, entry.economyCode);
    if ((pass | SPECIALIZATION) === ALL) for (const code of entry.specializationScope) bump(facets.specializations, code);
    if ((pass | MEMBER_TYPE) === ALL) for (const type of entry.memberTypes) bump(facets.memberTypes, type);
    if ((pass | INTERNATIONAL) === ALL) bump(facets.internationalMembership, String(entry.internationalMembership));
    if (pass === ALL) matches.push({ entry, score });
  }
  return { matches, facets };
}

export type Direction = 'ASC' | 'DESC';

/** Numeric sort keys, largest first by default; NAME is ordered by the caller (collation). */
function numericKey(sort: SortKey, m: Match): number {
  if (sort === 'UPDATED') return m.entry.updatedAt;
  if (sort === 'COMPLETENESS') return m.entry.completeness;
  if (sort === 'MEMBER_COUNT') return m.entry.memberCount ?? -1;
  return m.score;
}

/**
 * Orders matches that arrive in name order (the read model iterates entries by collated name): NAME keeps
 * that order (reversed for DESC); the others sort by their key, ties staying in name order.
 */
export function orderMatches(matches: Match[], sort: SortKey, direction: Direction | null): Match[] {
  if (sort === 'NAME') return direction === 'DESC' ? matches.reverse() : matches;
  const sign = (direction ?? 'DESC') === 'DESC' ? -1 : 1;
  const keyed = matches.map((m, i) => ({ m, k: numericKey(sort, m), i }));
  keyed.sort((a, b) => (a.k === b.k ? a.i - b.i : a.k < b.k ? -sign : sign));
  return keyed.map((x) => x.m);
}

/** Columns of the facet counts, largest first, then by value. */
export function facetList(counts: Map<string, number>) {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}
