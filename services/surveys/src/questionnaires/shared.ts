import type { QuestionnaireDefinition } from './definition.js';

// Shipped versions are immutable once published: change what is here only together with new versions of
// every questionnaire that uses it (seeding never rewrites a stored version; it warns when code drifts).

type SectionDefinition = QuestionnaireDefinition['sections'][number];

/** Who answered: personal questions, stored apart from the answers and erased with the person. */
export const respondentSection: SectionDefinition = {
  id: 'respondent',
  title: { en: 'About you', ru: 'О вас' },
  description: {
    en:
      'Who to contact about these answers. Your name and contact details are kept apart from the answers, ' +
      'shown only to your cluster, its economy coordinator and the APEC secretariat, and erased with your account.',
    ru:
      'С кем связаться по этим ответам. Ваше имя и контакты хранятся отдельно от ответов, видны только вашему ' +
      'кластеру, координатору экономики и секретариату АТЭС и удаляются вместе с вашей учётной записью.',
  },
  questions: [
    {
      id: 'respondent-name',
      type: 'text',
      personal: true,
      maxLength: 200,
      text: { en: 'Your name', ru: 'Ваше имя' },
    },
    {
      id: 'respondent-position',
      type: 'text',
      personal: true,
      maxLength: 200,
      text: { en: 'Your position in the cluster', ru: 'Ваша должность в кластере' },
    },
    {
      id: 'respondent-email',
      type: 'text',
      personal: true,
      format: 'email',
      maxLength: 254,
      text: { en: 'Your e-mail', ru: 'Ваш адрес электронной почты' },
    },
  ],
};

/** Forms of international cooperation: the same values wherever they are asked, so answers compare. */
export const cooperationForms = [
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
    label: { en: 'Staff exchange, training and education', ru: 'Обмен персоналом, обучение и образование' },
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
    label: { en: 'Exchange of cluster management practices', ru: 'Обмен практиками управления кластерами' },
  },
];

/** Topics of APEC workshops on international cluster collaboration. */
export const workshopTopics = [
  {
    value: 'partner-search',
    label: { en: 'Partner search and B2B matchmaking', ru: 'Поиск партнёров и B2B-встречи' },
  },
  { value: 'market-entry', label: { en: 'Entering overseas markets', ru: 'Выход на зарубежные рынки' } },
  {
    value: 'joint-funding',
    label: { en: 'Funding joint projects', ru: 'Финансирование совместных проектов' },
  },
  {
    value: 'cluster-management',
    label: { en: 'Cluster management and services', ru: 'Управление кластером и услуги участникам' },
  },
  {
    value: 'standards-and-regulation',
    label: { en: 'Standards, certification and regulation', ru: 'Стандарты, сертификация и регулирование' },
  },
  {
    value: 'cluster-policy',
    label: { en: 'Cluster policies and support measures', ru: 'Кластерная политика и меры поддержки' },
  },
];

/** A four-point rating, for the columns of matrices. */
export const ratingColumns = [
  { value: 'poor', label: { en: 'Poor', ru: 'Плохо' } },
  { value: 'fair', label: { en: 'Fair', ru: 'Удовлетворительно' } },
  { value: 'good', label: { en: 'Good', ru: 'Хорошо' } },
  { value: 'excellent', label: { en: 'Excellent', ru: 'Отлично' } },
];
