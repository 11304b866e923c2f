import { validationError } from '@ccp/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { RegistryDeps } from '../domain/deps.js';
import { readContacts } from '../domain/read-cluster.js';
import { deleteSavedSearch, mySavedSearches, saveSearch } from '../domain/saved-searches.js';
import type { ClusterRecord } from '../model/cluster.js';
import { updatedAtOf } from '../search/entry.js';
import { facetList } from '../search/read-model.js';
import { searchQuery } from '../search/filter.js';
import type { Direction, SortKey } from '../search/search.js';
import { toClusterCsv, toClusterJson } from '../domain/cluster-file.js';

export const MAX_PAGE = 200;
export const MAX_EXPORT = 20000;

const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

function checkLocale(locale: string | null | undefined): string {
  const l = locale ?? 'en';
  if (!LOCALE.test(l)) throw validationError([{ field: 'locale', reason: 'must be a BCP-47 language tag' }]);
  return l;
}

async function records(deps: RegistryDeps, ids: string[]): Promise<ClusterRecord[]> {
  return (await deps.readModel.byIds(ids)).filter((r): r is ClusterRecord => r !== null);
}

/** Search, facets, the map's points, exports and saved searches, all answered from the read model. */
export const searchResolvers: Resolvers = {
  Query: {
    clusters: async (_, { filter, sort, direction, locale, first, after }, ctx) => {
      const size = first ?? 50;
      if (size < 0 || size > MAX_PAGE) {
        throw validationError([{ field: 'first', reason: `must be between 0 and ${MAX_PAGE}` }]);
      }
      const q = searchQuery(ctx.caller, filter);
      const page = ctx.deps.readModel.search(q, {
        sort: (sort ?? 'NAME') as SortKey,
        direction: (direction ?? null) as Direction | null,
        locale: checkLocale(locale),
        first: size,
        after,
      });
      const nodes = await ctx.clusterById.loadMany(page.nodes.map((e) => e.id));
      return {
        nodes: nodes.filter((n): n is ClusterRecord => n !== null && !(n instanceof Error)),
        totalCount: page.totalCount,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
        facets: {
          economies: facetList(page.facets.economies),
          specializations: facetList(page.facets.specializations),
          memberTypes: facetList(page.facets.memberTypes),
          internationalMembership: facetList(page.facets.internationalMembership),
        },
      };
    },
    clusterMapPoints: (_, { filter }, ctx) => ctx.deps.readModel.mapPoints(searchQuery(ctx.caller, filter)),
    clusterExport: async (_, { filter, sort, format }, ctx) => {
      const q = searchQuery(ctx.caller, filter);
      const { ordered } = ctx.deps.readModel.matches(q, (sort ?? 'NAME') as SortKey, null);
      if (ordered.length > MAX_EXPORT) {
        throw validationError([
          { field: 'filter', reason: `matches ${ordered.length} clusters; narrow it to at most ${MAX_EXPORT}` },
        ]);
      }
      const rows = await records(ctx.deps, ordered.map((m) => m.entry.id));
      const opts = { contactsOf: (r: ClusterRecord) => readContacts(ctx.caller, r) };
      const csv = (format ?? 'CSV') === 'CSV';
      const stamp = new Date().toISOString().slice(0, 10);
      return {
        format: csv ? 'CSV' : 'JSON',
        contentType: csv ? 'text/csv; charset=utf-8' : 'application/json',
        filename: `clusters-${stamp}.${csv ? 'csv' : 'json'}`,
        rowCount: rows.length,
        content: csv ? toClusterCsv(rows, opts) : toClusterJson(rows, opts),
      };
    },
    mySavedSearches: (_, __, ctx) => mySavedSearches(ctx.deps, ctx.caller),
  },
  Mutation: {
    saveSearch: (_, { name, filter, notify }, ctx) => saveSearch(ctx.deps, ctx.caller, { name, filter, notify }),
    deleteSavedSearch: (_, { id }, ctx) => deleteSavedSearch(ctx.deps, ctx.caller, id),
  },
  Economy: {
    clusters: async (economy, { status, first }, ctx) => {
      const q = searchQuery(ctx.caller, { economies: [economy.code], status });
      const page = ctx.deps.readModel.search(q, {
        sort: 'NAME',
        direction: null,
        locale: 'en',
        first: Math.min(Math.max(first ?? 50, 0), MAX_PAGE),
      });
      return records(ctx.deps, page.nodes.map((e) => e.id));
    },
  },
  Cluster: {
    updatedAt: (cluster) => updatedAtOf(cluster).toISOString(),
    memberTypes: (cluster) => [...new Set(cluster.keyMembers.map((m) => m.type))],
  },
  ClusterMapPoints: {
    names: (points, { locale }) => points.names(checkLocale(locale)),
  },
  SavedSearch: {
    createdAt: (s) => s.createdAt.toISOString(),
    lastNotifiedAt: (s) => s.lastNotifiedAt?.toISOString() ?? null,
  },
};
