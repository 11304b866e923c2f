import { defineMessages } from '../../i18n';

export const messages = defineMessages(
  {
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
  {
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
);

export type EconomiesMessages = (typeof messages)['en'];
