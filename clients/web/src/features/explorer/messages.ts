import { defineMessages } from '../../i18n';

export const messages = defineMessages(
  {
    heading: 'API explorer',
    intro:
      'Write and run GraphQL queries against the platform’s public API. The documentation (the book icon) is the schema shipped with this site; the examples open in tabs. Queries run with your session, so you see what your role allows.',
    loading: 'Loading the explorer…',
  },
  {
    heading: 'Обозреватель API',
    intro:
      'Пишите и выполняйте запросы GraphQL к открытому API платформы. Документация (значок книги) — это схема, поставляемая с сайтом; примеры открываются во вкладках. Запросы выполняются от вашего имени и показывают то, что разрешено вашей роли.',
    loading: 'Загрузка обозревателя…',
  },
);
