import { defineMessages } from '../../i18n';

export const messages = defineMessages(
  {
    heading: 'API explorer',
    intro:
      'Write and run GraphQL queries against the platform’s public API. The documentation (the book icon) is the schema shipped with this site; pick an example to open it in the editor. Queries run with your session, so you see what your role allows.',
    loading: 'Loading the explorer…',
    example: 'Example query',
    Economies: 'Economies and their clusters',
    Clusters: 'Clusters of an economy',
    KPIs: 'Blueprint KPIs',
    'Monitoring report': 'Monitoring report',
    'Economy statistics': 'Economy statistics',
  },
  {
    heading: 'Обозреватель API',
    intro:
      'Пишите и выполняйте запросы GraphQL к открытому API платформы. Документация (значок книги) — это схема, поставляемая с сайтом; выберите пример, чтобы открыть его в редакторе. Запросы выполняются от вашего имени и показывают то, что разрешено вашей роли.',
    loading: 'Загрузка обозревателя…',
    example: 'Пример запроса',
    Economies: 'Экономики и их кластеры',
    Clusters: 'Кластеры экономики',
    KPIs: 'Показатели «Дорожной карты»',
    'Monitoring report': 'Отчёт о мониторинге',
    'Economy statistics': 'Статистика экономики',
  },
);
