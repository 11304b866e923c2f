export const locales = ['en', 'ru'] as const;
export type Locale = (typeof locales)[number];

export interface Messages {
  title: string;
  language: string;
  economiesHeading: string;
  economiesIntro: string;
  code: string;
  economy: string;
  publishedClusters: string;
  totalPublishedClusters: string;
  loadingEconomies: string;
  gatewayUnreachable: string;
  economiesQueryFailed: string;
  retry: string;
}

// Each language is named in itself, so a reader finds their own language whatever is selected.
export const localeNames: Record<Locale, string> = { en: 'English', ru: 'Русский' };

const messages: Record<Locale, Messages> = {
  en: {
    title: 'APEC Cluster Collaboration Platform',
    language: 'Language',
    economiesHeading: 'Economies',
    economiesIntro: 'The 21 APEC member economies and the clusters each has published.',
    code: 'Code',
    economy: 'Economy',
    publishedClusters: 'Published clusters',
    totalPublishedClusters: 'Total published clusters',
    loadingEconomies: 'Loading economies…',
    gatewayUnreachable: 'The gateway is not reachable',
    economiesQueryFailed: 'The gateway could not load the economies',
    retry: 'Try again',
  },
  ru: {
    title: 'Платформа сотрудничества кластеров АТЭС',
    language: 'Язык',
    economiesHeading: 'Экономики',
    economiesIntro: '21 экономика — участница АТЭС и число опубликованных ими кластеров.',
    code: 'Код',
    economy: 'Экономика',
    publishedClusters: 'Опубликованные кластеры',
    totalPublishedClusters: 'Всего опубликованных кластеров',
    loadingEconomies: 'Загрузка экономик…',
    gatewayUnreachable: 'Шлюз недоступен',
    economiesQueryFailed: 'Шлюзу не удалось загрузить экономики',
    retry: 'Повторить',
  },
};

export function messagesFor(locale: Locale): Messages {
  return messages[locale];
}

export function isLocale(value: string): value is Locale {
  return (locales as readonly string[]).includes(value);
}

/** The first supported language among the browser's preferences, e.g. ['ru-RU', 'en'] → 'ru'. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const primary = language.split('-')[0]?.toLowerCase() ?? '';
    if (isLocale(primary)) return primary;
  }
  return 'en';
}
