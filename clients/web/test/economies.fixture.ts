import type { EconomyOverview } from '../src/features/economies/economies-overview';

type FixtureEconomy = { code: string; en: string; ru: string; clusterCount: number };

// The 21 APEC member economies, in the order the subgraph happens to return them (by code).
const apecEconomies: FixtureEconomy[] = [
  { code: 'AU', en: 'Australia', ru: 'Австралия', clusterCount: 4 },
  { code: 'BN', en: 'Brunei Darussalam', ru: 'Бруней-Даруссалам', clusterCount: 0 },
  { code: 'CA', en: 'Canada', ru: 'Канада', clusterCount: 3 },
  { code: 'CL', en: 'Chile', ru: 'Чили', clusterCount: 1 },
  { code: 'CN', en: 'China', ru: 'Китай', clusterCount: 6 },
  { code: 'HK', en: 'Hong Kong, China', ru: 'Гонконг, Китай', clusterCount: 2 },
  { code: 'ID', en: 'Indonesia', ru: 'Индонезия', clusterCount: 1 },
  { code: 'JP', en: 'Japan', ru: 'Япония', clusterCount: 5 },
  { code: 'KR', en: 'Republic of Korea', ru: 'Республика Корея', clusterCount: 2 },
  { code: 'MX', en: 'Mexico', ru: 'Мексика', clusterCount: 0 },
  { code: 'MY', en: 'Malaysia', ru: 'Малайзия', clusterCount: 1 },
  { code: 'NZ', en: 'New Zealand', ru: 'Новая Зеландия', clusterCount: 2 },
  { code: 'PE', en: 'Peru', ru: 'Перу', clusterCount: 0 },
  { code: 'PG', en: 'Papua New Guinea', ru: 'Папуа — Новая Гвинея', clusterCount: 0 },
  { code: 'PH', en: 'The Philippines', ru: 'Филиппины', clusterCount: 1 },
  { code: 'RU', en: 'Russia', ru: 'Россия', clusterCount: 7 },
  { code: 'SG', en: 'Singapore', ru: 'Сингапур', clusterCount: 3 },
  { code: 'TH', en: 'Thailand', ru: 'Таиланд', clusterCount: 2 },
  { code: 'TW', en: 'Chinese Taipei', ru: 'Китайский Тайбэй', clusterCount: 2 },
  { code: 'US', en: 'United States', ru: 'США', clusterCount: 8 },
  { code: 'VN', en: 'Viet Nam', ru: 'Вьетнам', clusterCount: 1 },
];

export const totalPublishedClusters = apecEconomies.reduce((total, e) => total + e.clusterCount, 0);

export function economiesIn(locale: 'en' | 'ru'): Array<EconomyOverview & { __typename: 'Economy' }> {
  return apecEconomies.map(({ code, clusterCount, ...names }) => ({
    __typename: 'Economy',
    code,
    name: names[locale],
    clusterCount,
  }));
}
