import { defineMessages } from '../../i18n';

export const messages = defineMessages(
  {
    title: 'APEC Cluster Collaboration Platform',
    shortTitle: 'APEC Clusters',
    description: 'Clusters of the 21 APEC economies, and the cooperation between them.',
    skipToContent: 'Skip to content',
    navigation: 'Main',
    language: 'Language',
    loadingPage: 'Loading the page…',
    pageFailed: 'This page could not be shown',
    notFound: 'There is no page at this address.',
    backHome: 'Go to the home page',
  },
  {
    title: 'Платформа сотрудничества кластеров АТЭС',
    shortTitle: 'Кластеры АТЭС',
    description: 'Кластеры 21 экономики АТЭС и сотрудничество между ними.',
    skipToContent: 'Перейти к содержанию',
    navigation: 'Основное меню',
    language: 'Язык',
    loadingPage: 'Загрузка страницы…',
    pageFailed: 'Эту страницу не удалось показать',
    notFound: 'По этому адресу страницы нет.',
    backHome: 'На главную',
  },
);
