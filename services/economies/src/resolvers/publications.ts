import type { Resolvers } from '../__generated__/resolvers-types.js';
import {
  createPublication,
  deletePublication,
  economyPublications,
  listPublications,
  readPublication,
  updatePublication,
} from '../domain/publications.js';
import type { EconomyRecord } from '../model/economy.js';

/** News, research and cluster policy reviews. */
export const publicationResolvers: Resolvers = {
  Query: {
    publications: (_, filter, ctx) => listPublications(ctx.deps, ctx.caller, filter),
    publication: (_, { id }, ctx) => readPublication(ctx.deps, ctx.caller, id),
  },
  Mutation: {
    createPublication: (_, { input }, ctx) => createPublication(ctx.deps, ctx.caller, input),
    updatePublication: (_, args, ctx) => updatePublication(ctx.deps, ctx.caller, args),
    deletePublication: (_, args, ctx) => deletePublication(ctx.deps, ctx.caller, args),
  },
  Economy: {
    publications: (economy, args, ctx) => economyPublications(ctx.deps, economy.code, args),
  },
  Publication: {
    economies: async (publication, _, ctx) =>
      (await Promise.all(publication.economies.map((code) => ctx.economyByCode.load(code)))).filter(
        (e): e is EconomyRecord => e !== null,
      ),
  },
};
