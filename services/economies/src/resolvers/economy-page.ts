import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { inLocale, type Texts } from '../domain/content-input.js';
import { mayEditPage, updateEconomyPage } from '../domain/economy-page.js';
import type { EconomyRecord } from '../model/economy.js';
import { type EconomyPage, toEconomyPage } from '../model/economy-page.js';

/** Entity references carry reference data only: the page is read (batched per request) when asked for. */
async function pageOf(economy: EconomyRecord, ctx: Context): Promise<EconomyPage> {
  if (economy.page) return economy.page;
  return (await ctx.economyByCode.load(economy.code))?.page ?? toEconomyPage({ version: 0 });
}

/** Support measures, institutions and officials on the economy's page; edited by its coordinator or the secretariat. */
export const economyPageResolvers: Resolvers = {
  Economy: {
    supportMeasures: async (economy, _, ctx) => (await pageOf(economy, ctx)).supportMeasures,
    institutions: async (economy, _, ctx) => (await pageOf(economy, ctx)).institutions,
    officials: async (economy, _, ctx) => {
      const { officials } = await pageOf(economy, ctx);
      // Who is linked to which platform account is for the page's editors only.
      return mayEditPage(ctx.caller, economy.code)
        ? officials
        : officials.map((o) => ({ ...o, userId: null }));
    },
    pageUpdatedAt: async (economy, _, ctx) => (await pageOf(economy, ctx)).updatedAt,
    version: async (economy, _, ctx) => (await pageOf(economy, ctx)).version,
  },
  PageText: {
    text: (texts, { locale }) => inLocale(texts, locale),
    en: (texts) => texts.en ?? '',
    ru: (texts) => texts.ru ?? null,
    translations: (texts: Texts) =>
      Object.entries(texts)
        .sort(([a], [b]) => (a === 'en' ? -1 : b === 'en' ? 1 : 0))
        .map(([locale, text]) => ({ locale, text })),
  },
  Mutation: {
    updateEconomyPage: (_, args, ctx) => updateEconomyPage(ctx.deps, ctx.caller, args),
  },
};
