import { referenceEconomies } from '@ccp/kit';
import type { EconomyResolvers } from '../__generated__/resolvers-types.js';
import type { EconomyRecord } from '../model/economy.js';

const reference = new Map(referenceEconomies().map((e) => [e.code, e]));

/** The stored record, read (batched per request) only for the facts counted from events. */
const stored = async (economy: EconomyRecord, load: (code: string) => Promise<EconomyRecord | null>) =>
  economy.partial ? await load(economy.code) : economy;

export const Economy: EconomyResolvers = {
  // Other subgraphs reference economies on every cluster: names, centroid and time zone are reference data,
  // answered from memory, so a page of clusters with their economies' names costs economies no database trip.
  __resolveReference: (ref) => {
    const e = typeof ref.code === 'string' ? reference.get(ref.code) : undefined;
    if (!e) return null;
    return {
      code: e.code,
      names: e.name,
      centroid: e.centroid,
      timeZone: e.timeZone,
      clusterCount: 0,
      registeredAt: null,
      partial: true,
    };
  },
  name: (economy, { locale }) => {
    const language = (locale ?? 'en').split('-')[0];
    return (language === 'ru' ? economy.names.ru : undefined) ?? economy.names.en;
  },
  names: (economy) => ({ en: economy.names.en, ru: economy.names.ru ?? null }),
  clusterCount: async (economy, _, ctx) =>
    (await stored(economy, (c) => ctx.economyByCode.load(c)))?.clusterCount ?? 0,
  registeredAt: async (economy, _, ctx) =>
    (await stored(economy, (c) => ctx.economyByCode.load(c)))?.registeredAt ?? null,
};
