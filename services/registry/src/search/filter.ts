import {
  type Caller,
  coordinates,
  isEconomyCode,
  isSecretariat,
  isSpecializationCode,
  MEMBER_TYPES,
  managesCluster,
  queryNeedles,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import { parseInput } from '../domain/input.js';
import { CLUSTER_STATUSES, type KeyMember } from '../model/cluster.js';
import type { SearchEntry } from './entry.js';
import type { SearchQuery, SortKey } from './search.js';

const year = z.number().int().min(1800, 'must be 1800 or later').max(2100, 'must be 2100 or earlier');

/** ClusterFilter as the graph passes it; strict, so nothing but these fields reaches the search. */
export const clusterFilterInput = z
  .object({
    economies: z
      .array(z.string().refine(isEconomyCode, 'is not the code of an APEC economy'))
      .max(21)
      .nullish(),
    status: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(CLUSTER_STATUSES))
      .nullish(),
    specializations: z
      .array(z.string().refine(isSpecializationCode, 'is not a specialization code (see Query.specializations)'))
      .max(50)
      .nullish(),
    memberTypes: z.array(z.enum(MEMBER_TYPES)).max(MEMBER_TYPES.length).nullish(),
    internationalMembership: z.boolean().nullish(),
    foundedFrom: year.nullish(),
    foundedTo: year.nullish(),
    text: z.string().max(200, 'must be at most 200 characters').nullish(),
  })
  .strict()
  .refine((f) => f.foundedFrom == null || f.foundedTo == null || f.foundedFrom <= f.foundedTo, {
    message: 'must not be before foundedFrom',
    path: ['foundedTo'],
  });

export type ClusterFilterInput = z.input<typeof clusterFilterInput>;

/** Non-published clusters are visible to the secretariat, their economy's coordinators and their managers. */
export function visibleTo(caller: Caller) {
  const all = isSecretariat(caller);
  return (entry: SearchEntry) =>
    all || coordinates(caller, entry.economyCode) || managesCluster(caller, entry.id);
}

const setOf = <T>(list: readonly T[] | null | undefined): Set<T> | null =>
  list?.length ? new Set(list) : null;

/** Validates a filter (errors name `filter.<field>`) into a query for the read model. */
export function searchQuery(caller: Caller, filter: unknown): SearchQuery {
  const f = parseInput(clusterFilterInput, filter ?? {}, 'filter');
  return {
    economies: setOf(f.economies),
    status: f.status ?? 'published',
    specializations: setOf(f.specializations),
    memberTypes: setOf(f.memberTypes as KeyMember['type'][] | null | undefined),
    internationalMembership: f.internationalMembership ?? null,
    foundedFrom: f.foundedFrom ?? null,
    foundedTo: f.foundedTo ?? null,
    terms: f.text ? queryNeedles(f.text) : [],
    visible: visibleTo(caller),
  };
}

/** An opaque cursor: the last node's id and sort key, and which search it belongs to. */
export interface Cursor {
  id: string;
  sort: SortKey;
  /** How many results came before and with it, for when that cluster left the results meanwhile. */
  position: number;
}

export const encodeCursor = (c: Cursor) =>
  Buffer.from(JSON.stringify([c.id, c.sort, c.position])).toString('base64url');

export function decodeCursor(after: string, sort: SortKey): Cursor {
  try {
    const [id, s, position] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as unknown[];
    if (typeof id === 'string' && s === sort && Number.isSafeInteger(position) && (position as number) >= 0) {
      return { id, sort, position: position as number };
    }
  } catch {
    // Reported below like any other cursor that is not ours.
  }
  throw validationError([{ field: 'after', reason: 'is not a cursor of this search (same sort) returned by clusters' }]);
}
