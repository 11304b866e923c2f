import type { EconomyResolvers } from '../__generated__/resolvers-types.js';

export const Economy: EconomyResolvers = {
  __resolveReference: (ref, ctx) => ctx.economyByCode.load(ref.code),
  name: (economy, { locale }) => {
    const language = (locale ?? 'en').split('-')[0];
    return (language === 'ru' ? economy.names.ru : undefined) ?? economy.names.en;
  },
  names: (economy) => ({ en: economy.names.en, ru: economy.names.ru ?? null }),
};
