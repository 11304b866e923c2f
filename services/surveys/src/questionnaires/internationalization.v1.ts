import { referenceEconomies } from '@ccp/kit';
import { defineQuestionnaire } from './definition.js';

// The seed's common challenges of going global, plus language and a catch-all.
const barrierOptions = [
  {
    value: 'overseas-market-knowledge',
    label: { en: 'Lack of knowledge about overseas markets', ru: 'Недостаток знаний о зарубежных рынках' },
  },
  {
    value: 'business-practices',
    label: {
      en: 'Unfamiliar ways of doing business in dissimilar economies',
      ru: 'Незнакомые способы ведения бизнеса в других экономиках',
    },
  },
  {
    value: 'financial-resources',
    label: { en: 'Lack of financial resources', ru: 'Нехватка финансовых ресурсов' },
  },
  {
    value: 'staff',
    label: { en: 'Lack of staff for international work', ru: 'Нехватка персонала для международной работы' },
  },
  { value: 'legal-differences', label: { en: 'Differences in legal bases', ru: 'Различия в правовой базе' } },
  {
    value: 'technological-differences',
    label: {
      en: 'Differences in technological bases and standards',
      ru: 'Различия в технологической базе и стандартах',
    },
  },
  {
    value: 'vague-projects',
    label: {
      en: 'Vague conception of potential projects',
      ru: 'Размытое представление о потенциальных проектах',
    },
  },
  { value: 'language', label: { en: 'Language barriers', ru: 'Языковой барьер' } },
  { value: 'other', label: { en: 'Other', ru: 'Другое' } },
];

/** The questionnaire on cluster internationalization in APEC: markets, partnerships, barriers, support needs. */
export const internationalizationV1 = defineQuestionnaire({
  kind: 'internationalization',
  version: 1,
  title: {
    en: 'Questionnaire on cluster internationalization in APEC',
    ru: 'Анкета по интернационализации кластеров в АТЭС',
  },
  description: {
    en:
      'Where your cluster stands in going global: its markets, partnerships, the barriers it meets and the ' +
      'support it needs. The answers feed the cluster landscape analysis of the Blueprint on International ' +
      'Cluster Collaboration across APEC.',
    ru:
      'Как ваш кластер выходит на международный уровень: рынки, партнёрства, барьеры и необходимая ' +
      'поддержка. Ответы используются в анализе кластерного ландшафта для Дорожной карты международного ' +
      'кластерного сотрудничества АТЭС.',
  },
  sections: [
    {
      id: 'international-activity',
      title: { en: 'International activity', ru: 'Международная деятельность' },
      questions: [
        {
          id: 'international-stage',
          type: 'single-choice',
          required: true,
          text: {
            en: "Which best describes the cluster's international activity today?",
            ru: 'Что лучше всего описывает текущую международную деятельность кластера?',
          },
          options: [
            {
              value: 'none',
              label: { en: 'No international activity yet', ru: 'Международной деятельности пока нет' },
            },
            {
              value: 'exploring',
              label: { en: 'Exploring opportunities abroad', ru: 'Изучаем возможности за рубежом' },
            },
            {
              value: 'occasional',
              label: {
                en: 'Occasional international projects or exports',
                ru: 'Отдельные международные проекты или экспорт',
              },
            },
            {
              value: 'established',
              label: {
                en: 'Established, ongoing international cooperation',
                ru: 'Устойчивое международное сотрудничество',
              },
            },
          ],
        },
        {
          id: 'exporting-members-share',
          type: 'number',
          text: {
            en: 'About what share of cluster members sell products or services abroad (%)?',
            ru: 'Какая доля участников кластера продаёт товары или услуги за рубежом (%)?',
          },
          min: 0,
          max: 100,
        },
        {
          id: 'internationalization-strategy',
          type: 'yes-no',
          required: true,
          text: {
            en: 'Does the cluster management organization have an internationalization strategy or plan?',
            ru: 'Есть ли у управляющей компании кластера стратегия или план интернационализации?',
          },
        },
      ],
    },
    {
      id: 'markets',
      title: { en: 'Markets', ru: 'Рынки' },
      questions: [
        {
          id: 'current-regions',
          type: 'multiple-choice',
          text: {
            en: 'In which regions do cluster members do business today?',
            ru: 'В каких регионах участники кластера ведут бизнес сегодня?',
          },
          help: { en: 'Choose all that apply.', ru: 'Выберите все подходящие варианты.' },
          options: [
            {
              value: 'home-economy-only',
              label: { en: 'Only in the home economy', ru: 'Только в своей экономике' },
              exclusive: true,
            },
            { value: 'north-america', label: { en: 'North America', ru: 'Северная Америка' } },
            { value: 'latin-america', label: { en: 'Latin America', ru: 'Латинская Америка' } },
            { value: 'north-east-asia', label: { en: 'North-East Asia', ru: 'Северо-Восточная Азия' } },
            { value: 'south-east-asia', label: { en: 'South-East Asia', ru: 'Юго-Восточная Азия' } },
            { value: 'oceania', label: { en: 'Oceania', ru: 'Океания' } },
            { value: 'europe', label: { en: 'Europe', ru: 'Европа' } },
            { value: 'other', label: { en: 'Other regions', ru: 'Другие регионы' } },
          ],
        },
        {
          id: 'priority-economies',
          type: 'multiple-choice',
          required: true,
          text: {
            en: "Which APEC economies are priority destinations for the cluster's international cooperation?",
            ru: 'Какие экономики АТЭС являются приоритетными направлениями международного сотрудничества кластера?',
          },
          options: referenceEconomies().map((e) => ({
            value: e.code,
            label: { en: e.name.en, ru: e.name.ru ?? e.name.en },
          })),
        },
        {
          id: 'market-knowledge',
          type: 'single-choice',
          required: true,
          text: {
            en: 'How well does the cluster know the overseas markets it targets?',
            ru: 'Насколько хорошо кластер знает целевые зарубежные рынки?',
          },
          options: [
            { value: 'none', label: { en: 'Hardly at all', ru: 'Почти не знает' } },
            { value: 'basic', label: { en: 'Basic knowledge', ru: 'Базовые знания' } },
            { value: 'good', label: { en: 'Good knowledge', ru: 'Хорошие знания' } },
            {
              value: 'detailed',
              label: {
                en: 'Detailed knowledge, including local partners',
                ru: 'Детальные знания, включая местных партнёров',
              },
            },
          ],
        },
      ],
    },
    {
      id: 'partnerships',
      title: { en: 'Partnerships', ru: 'Партнёрства' },
      questions: [
        {
          id: 'international-memberships',
          type: 'yes-no',
          required: true,
          text: {
            en: 'Is the cluster a member of international cluster partnerships or associations?',
            ru: 'Является ли кластер членом международных кластерных партнёрств или ассоциаций?',
          },
        },
        {
          id: 'international-partners-count',
          type: 'number',
          text: {
            en:
              'How many foreign organisations (clusters, companies, universities, research institutes) has the ' +
              'cluster worked with in the last two years?',
            ru:
              'Со сколькими зарубежными организациями (кластерами, компаниями, университетами, научными ' +
              'институтами) кластер работал за последние два года?',
          },
          min: 0,
          integer: true,
        },
        {
          id: 'cooperation-forms',
          type: 'multiple-choice',
          required: true,
          text: {
            en: 'Which forms of international cooperation interest the cluster?',
            ru: 'Какие формы международного сотрудничества интересны кластеру?',
          },
          options: [
            {
              value: 'joint-rd',
              label: { en: 'Joint research and development', ru: 'Совместные исследования и разработки' },
            },
            {
              value: 'technology-transfer',
              label: { en: 'Technology transfer and licensing', ru: 'Трансфер технологий и лицензирование' },
            },
            {
              value: 'trade',
              label: { en: 'Export, import and supply chains', ru: 'Экспорт, импорт и цепочки поставок' },
            },
            {
              value: 'business-missions',
              label: { en: 'Business missions and trade fairs', ru: 'Бизнес-миссии и выставки' },
            },
            {
              value: 'joint-ventures',
              label: { en: 'Joint ventures and investment', ru: 'Совместные предприятия и инвестиции' },
            },
            {
              value: 'education',
              label: {
                en: 'Staff exchange, training and education',
                ru: 'Обмен персоналом, обучение и образование',
              },
            },
            {
              value: 'joint-funding-bids',
              label: {
                en: 'Joint bids for international funding',
                ru: 'Совместные заявки на международное финансирование',
              },
            },
            {
              value: 'cluster-management',
              label: {
                en: 'Exchange of cluster management practices',
                ru: 'Обмен практиками управления кластерами',
              },
            },
          ],
        },
        {
          id: 'partner-project',
          type: 'text',
          text: {
            en: 'Describe a project for which the cluster is looking for international partners.',
            ru: 'Опишите проект, для которого кластер ищет международных партнёров.',
          },
          help: {
            en: 'What it is, what partner it needs and in which economies.',
            ru: 'В чём суть проекта, какой партнёр нужен и в каких экономиках.',
          },
        },
      ],
    },
    {
      id: 'barriers',
      title: { en: 'Barriers to going global', ru: 'Барьеры выхода на международный уровень' },
      questions: [
        {
          id: 'barriers',
          type: 'multiple-choice',
          required: true,
          text: {
            en: 'What holds back the international activity of the cluster and its members?',
            ru: 'Что сдерживает международную деятельность кластера и его участников?',
          },
          help: { en: 'Choose all that apply.', ru: 'Выберите все подходящие варианты.' },
          options: [
            ...barrierOptions,
            {
              value: 'none',
              label: { en: 'No significant barriers', ru: 'Существенных барьеров нет' },
              exclusive: true,
            },
          ],
        },
        {
          id: 'main-barrier',
          type: 'single-choice',
          text: { en: 'Which of them is the most serious?', ru: 'Какой из них наиболее серьёзный?' },
          options: barrierOptions,
        },
        {
          id: 'barriers-comment',
          type: 'text',
          text: {
            en: 'Anything else about the barriers the cluster meets?',
            ru: 'Что ещё вы хотели бы сказать о барьерах, с которыми сталкивается кластер?',
          },
        },
      ],
    },
    {
      id: 'support',
      title: { en: 'Support needs', ru: 'Потребности в поддержке' },
      questions: [
        {
          id: 'support-needs',
          type: 'multiple-choice',
          required: true,
          text: {
            en: 'What support would help the cluster most in going global?',
            ru: 'Какая поддержка больше всего помогла бы кластеру выйти на международный уровень?',
          },
          options: [
            {
              value: 'partner-search',
              label: {
                en: 'Finding partner clusters and companies',
                ru: 'Поиск кластеров и компаний-партнёров',
              },
            },
            {
              value: 'market-information',
              label: {
                en: 'Information on overseas markets and regulations',
                ru: 'Информация о зарубежных рынках и регулировании',
              },
            },
            {
              value: 'matchmaking',
              label: {
                en: 'B2B matchmaking at workshops and events',
                ru: 'B2B-встречи на семинарах и мероприятиях',
              },
            },
            {
              value: 'funding',
              label: {
                en: 'Funding for international projects',
                ru: 'Финансирование международных проектов',
              },
            },
            {
              value: 'training',
              label: {
                en: 'Training for cluster managers and staff',
                ru: 'Обучение менеджеров и сотрудников кластера',
              },
            },
            {
              value: 'legal-and-standards-advice',
              label: {
                en: 'Advice on legal matters and standards',
                ru: 'Консультации по правовым вопросам и стандартам',
              },
            },
            {
              value: 'project-development',
              label: { en: 'Help to shape joint projects', ru: 'Помощь в проработке совместных проектов' },
            },
            {
              value: 'government-support',
              label: {
                en: 'Support measures of governments and APEC fora',
                ru: 'Меры поддержки правительств и форумов АТЭС',
              },
            },
          ],
        },
        {
          id: 'workshop-interest',
          type: 'yes-no',
          text: {
            en: 'Would the cluster take part in an APEC workshop on international cluster collaboration?',
            ru: 'Примет ли кластер участие в семинаре АТЭС по международному кластерному сотрудничеству?',
          },
        },
        {
          id: 'support-comment',
          type: 'text',
          text: {
            en: 'What else should the platform do for your cluster?',
            ru: 'Что ещё платформа могла бы сделать для вашего кластера?',
          },
        },
      ],
    },
  ],
});
