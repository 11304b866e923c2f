import { defineQuestionnaire, SUCCESS_STORY_QUESTION } from './definition.js';
import { cooperationForms, respondentSection } from './shared.js';
import { when } from './when.js';

const WENT_AHEAD = ['active', 'completed', 'paused'];
const STORY = when.equals(SUCCESS_STORY_QUESTION, true);

/**
 * The one-year follow-up on an international collaboration agreed on the platform: what came of it and whether
 * it became a success story (Blueprint KPI 5, counted once per collaboration from `success-story`).
 */
export const followUpV1 = defineQuestionnaire({
  kind: 'follow-up',
  version: 1,
  title: {
    en: 'One year on: follow-up on an international cluster collaboration',
    ru: 'Год спустя: анкета о результатах международного кластерного сотрудничества',
  },
  description: {
    en:
      'A year ago your cluster agreed to collaborate with a partner found on the APEC Cluster Collaboration ' +
      'Platform. Tell us what came of it: the answers measure the success stories of international cluster ' +
      'collaboration the Blueprint reports on.',
    ru:
      'Год назад ваш кластер договорился о сотрудничестве с партнёром, найденным на Платформе кластерного ' +
      'сотрудничества АТЭС. Расскажите, что из этого получилось: ответы измеряют истории успеха международного ' +
      'кластерного сотрудничества, о которых отчитывается Дорожная карта.',
  },
  sections: [
    {
      id: 'collaboration',
      title: { en: 'The collaboration', ru: 'Сотрудничество' },
      questions: [
        {
          id: 'collaboration-status',
          type: 'single-choice',
          required: true,
          text: {
            en: 'A year on, where does the collaboration stand?',
            ru: 'Где сейчас, год спустя, это сотрудничество?',
          },
          options: [
            { value: 'active', label: { en: 'It continues', ru: 'Продолжается' } },
            {
              value: 'completed',
              label: { en: 'It was completed as planned', ru: 'Завершено, как планировалось' },
            },
            { value: 'paused', label: { en: 'It is paused', ru: 'Приостановлено' } },
            {
              value: 'ended-early',
              label: {
                en: 'It ended without the expected results',
                ru: 'Прекращено без ожидаемых результатов',
              },
            },
            { value: 'never-started', label: { en: 'It never started', ru: 'Так и не началось' } },
          ],
        },
        {
          id: 'collaboration-activities',
          type: 'multiple-choice',
          required: true,
          showIf: when.in('collaboration-status', WENT_AHEAD),
          text: { en: 'What did the partners do together?', ru: 'Что партнёры делали вместе?' },
          options: [...cooperationForms, { value: 'other', label: { en: 'Other', ru: 'Другое' } }],
        },
        {
          id: 'members-involved',
          type: 'number',
          integer: true,
          min: 0,
          max: 10000,
          showIf: when.in('collaboration-status', WENT_AHEAD),
          text: {
            en: 'How many members of your cluster took part?',
            ru: 'Сколько участников вашего кластера приняли в нём участие?',
          },
        },
        {
          id: 'partner-economies',
          type: 'economy',
          economyScope: 'any',
          multiple: true,
          maxSelections: 30,
          text: {
            en: "In which economies are the collaboration's partners based?",
            ru: 'В каких экономиках находятся партнёры по сотрудничеству?',
          },
          help: {
            en: 'The partner cluster and any other organisations that joined.',
            ru: 'Кластер-партнёр и другие присоединившиеся организации.',
          },
        },
        {
          id: 'ended-reasons',
          type: 'multiple-choice',
          required: true,
          showIf: when.in('collaboration-status', ['ended-early', 'never-started']),
          text: { en: 'What stood in the way?', ru: 'Что помешало?' },
          options: [
            {
              value: 'partner-interest',
              label: { en: 'The partner lost interest', ru: 'Партнёр потерял интерес' },
            },
            { value: 'financial-resources', label: { en: 'Lack of funding', ru: 'Нехватка финансирования' } },
            { value: 'staff', label: { en: 'Lack of staff', ru: 'Нехватка персонала' } },
            {
              value: 'business-practices',
              label: { en: 'Different ways of doing business', ru: 'Разные способы ведения бизнеса' },
            },
            {
              value: 'legal-differences',
              label: { en: 'Legal or regulatory obstacles', ru: 'Правовые или регуляторные препятствия' },
            },
            {
              value: 'technological-differences',
              label: { en: 'Technological differences', ru: 'Технологические различия' },
            },
            {
              value: 'vague-projects',
              label: { en: 'The project stayed vague', ru: 'Проект остался неясным' },
            },
            { value: 'other', label: { en: 'Other', ru: 'Другое' } },
          ],
        },
      ],
    },
    {
      id: 'results',
      title: { en: 'What came of it', ru: 'Результаты' },
      showIf: when.in('collaboration-status', WENT_AHEAD),
      questions: [
        {
          id: 'outcomes',
          type: 'multiple-choice',
          required: true,
          text: { en: 'What has the collaboration produced so far?', ru: 'Что сотрудничество уже принесло?' },
          options: [
            { value: 'joint-project', label: { en: 'A joint project', ru: 'Совместный проект' } },
            { value: 'contracts', label: { en: 'Contracts or sales', ru: 'Контракты или продажи' } },
            {
              value: 'joint-product',
              label: { en: 'A joint product or service', ru: 'Совместный продукт или услуга' },
            },
            { value: 'patents-licences', label: { en: 'Patents or licences', ru: 'Патенты или лицензии' } },
            { value: 'publications', label: { en: 'Joint publications', ru: 'Совместные публикации' } },
            { value: 'investment', label: { en: 'Investment', ru: 'Инвестиции' } },
            {
              value: 'funding-won',
              label: { en: 'Funding won together', ru: 'Совместно привлечённое финансирование' },
            },
            {
              value: 'staff-exchange',
              label: { en: 'Staff exchange or training', ru: 'Обмен персоналом или обучение' },
            },
            { value: 'new-partners', label: { en: 'Further partners', ru: 'Новые партнёры' } },
            {
              value: 'none',
              label: { en: 'No tangible result yet', ru: 'Ощутимых результатов пока нет' },
              exclusive: true,
            },
          ],
        },
        {
          id: 'contracts-value',
          type: 'number',
          min: 0,
          showIf: when.includes('outcomes', 'contracts'),
          text: {
            en: 'About what value of contracts or sales has it brought (thousand US dollars)?',
            ru: 'Каков примерный объём контрактов или продаж (тысяч долларов США)?',
          },
        },
        {
          id: 'jobs-created',
          type: 'number',
          integer: true,
          min: 0,
          text: {
            en: 'How many jobs has it created, if any?',
            ru: 'Сколько рабочих мест оно создало, если создало?',
          },
        },
        {
          id: 'contribution',
          type: 'matrix',
          text: {
            en: 'How much has the collaboration contributed to each of these for your cluster?',
            ru: 'Насколько сотрудничество помогло вашему кластеру в каждом из этих направлений?',
          },
          rows: [
            { value: 'market-access', label: { en: 'Access to new markets', ru: 'Доступ к новым рынкам' } },
            { value: 'knowledge', label: { en: 'Knowledge and skills', ru: 'Знания и компетенции' } },
            { value: 'innovation', label: { en: 'Innovation', ru: 'Инновации' } },
            {
              value: 'visibility',
              label: { en: 'International visibility', ru: 'Международная известность' },
            },
            {
              value: 'networks',
              label: { en: 'Networks and further partners', ru: 'Связи и новые партнёры' },
            },
          ],
          options: [
            { value: 'none', label: { en: 'Not at all', ru: 'Никак' } },
            { value: 'some', label: { en: 'Somewhat', ru: 'Отчасти' } },
            { value: 'significant', label: { en: 'Significantly', ru: 'Значительно' } },
          ],
        },
        {
          id: 'satisfaction',
          type: 'scale',
          required: true,
          min: 1,
          max: 5,
          scaleLabels: [
            { value: 1, label: { en: 'Very dissatisfied', ru: 'Совсем не удовлетворены' } },
            { value: 5, label: { en: 'Very satisfied', ru: 'Полностью удовлетворены' } },
          ],
          text: {
            en: 'How satisfied is your cluster with the collaboration?',
            ru: 'Насколько ваш кластер удовлетворён сотрудничеством?',
          },
        },
      ],
    },
    {
      id: 'success-story',
      title: { en: 'Success story', ru: 'История успеха' },
      questions: [
        {
          id: SUCCESS_STORY_QUESTION,
          type: 'yes-no',
          required: true,
          text: {
            en: 'Has the collaboration become a success story of international cluster collaboration?',
            ru: 'Стало ли это сотрудничество историей успеха международного кластерного сотрудничества?',
          },
          help: {
            en:
              'A tangible result others could learn from: a joint project, product, contract, investment or a ' +
              'lasting partnership.',
            ru:
              'Ощутимый результат, на котором могут учиться другие: совместный проект, продукт, контракт, ' +
              'инвестиции или устойчивое партнёрство.',
          },
        },
        {
          id: 'story-title',
          type: 'text',
          required: true,
          maxLength: 200,
          showIf: STORY,
          text: { en: 'A title for the story', ru: 'Название истории' },
        },
        {
          id: 'story-summary',
          type: 'text',
          required: true,
          maxLength: 2000,
          showIf: STORY,
          text: {
            en: 'The story in a few sentences: who did what together, and what came of it',
            ru: 'История в нескольких предложениях: кто что сделал вместе и что из этого вышло',
          },
        },
        {
          id: 'story-publication-consent',
          type: 'yes-no',
          showIf: STORY,
          text: {
            en: "May the platform publish the story on the cluster's profile and in APEC reports?",
            ru: 'Может ли платформа опубликовать историю в профиле кластера и в отчётах АТЭС?',
          },
        },
        {
          id: 'platform-contribution',
          type: 'scale',
          min: 1,
          max: 5,
          scaleLabels: [
            { value: 1, label: { en: 'Not at all', ru: 'Совсем не помогла' } },
            { value: 5, label: { en: 'Decisively', ru: 'Сыграла решающую роль' } },
          ],
          text: {
            en: 'How much did the platform (partner search, workshops, matchmaking) help the collaboration happen?',
            ru: 'Насколько платформа (поиск партнёров, семинары, B2B-встречи) помогла этому сотрудничеству?',
          },
        },
      ],
    },
    {
      id: 'next-steps',
      title: { en: 'Next steps', ru: 'Дальнейшие шаги' },
      questions: [
        {
          id: 'further-plans',
          type: 'yes-no',
          required: true,
          text: {
            en: 'Do the partners plan further joint work in the coming year?',
            ru: 'Планируют ли партнёры дальнейшую совместную работу в следующем году?',
          },
        },
        {
          id: 'support-needs',
          type: 'multiple-choice',
          text: {
            en: 'What support would help the collaboration most now?',
            ru: 'Какая поддержка сейчас больше всего помогла бы сотрудничеству?',
          },
          options: [
            {
              value: 'partner-search',
              label: { en: 'Finding further partners', ru: 'Поиск новых партнёров' },
            },
            {
              value: 'funding',
              label: { en: 'Funding for joint projects', ru: 'Финансирование совместных проектов' },
            },
            {
              value: 'legal-and-standards-advice',
              label: {
                en: 'Advice on legal matters and standards',
                ru: 'Консультации по правовым вопросам и стандартам',
              },
            },
            {
              value: 'matchmaking',
              label: { en: 'Meetings at workshops and events', ru: 'Встречи на семинарах и мероприятиях' },
            },
            {
              value: 'government-support',
              label: {
                en: 'Support of governments and APEC fora',
                ru: 'Поддержка правительств и форумов АТЭС',
              },
            },
          ],
        },
        {
          id: 'comment',
          type: 'text',
          text: { en: 'Anything else we should know?', ru: 'Что ещё нам стоит знать?' },
        },
      ],
    },
    respondentSection,
  ],
});
