import type { Resolvers } from '../__generated__/resolvers-types.js';
import { currentStatistics, yearStatistics } from '../domain/statistics.js';

/** Statistics are public: aggregate figures of public profiles, offers and campaigns. */
export const statisticsResolvers: Resolvers = {
  Query: {
    apecStatistics: async (_, __, ctx) => currentStatistics(await ctx.deps.statistics.apec()),
    apecStatisticsByYear: (_, range, ctx) => yearStatistics(() => ctx.deps.statistics.apec(), range),
  },
  Economy: {
    statistics: async (economy, _, ctx) => currentStatistics(await ctx.statisticsByCode.load(economy.code)),
    statisticsByYear: (economy, range, ctx) =>
      yearStatistics(() => ctx.statisticsByCode.load(economy.code), range),
  },
};
