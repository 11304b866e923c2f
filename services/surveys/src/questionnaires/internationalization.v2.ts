import { questionsById } from '../model/questionnaire.js';
import { defineQuestionnaire } from './definition.js';
import { internationalizationV1 } from './internationalization.v1.js';
import { ratingColumns, respondentSection, workshopTopics } from './shared.js';
import { when } from './when.js';

const v1 = questionsById(internationalizationV1);

/** A question of v1, asked again as it was: same id, type and options, so answers compare across versions. */
function fromV1(id: string) {
  const question = v1.get(id);
  if (!question) throw new Error(`internationalization v1 has no question ${id}`);
  return question;
}

const ACTIVE = ['occasional', 'established'];

/** The seed's five common challenges of going global, rated one by one. */
const seedBarriers = [
  {
    value: 'overseas-market-knowledge',
    label: { en: 'Knowledge of overseas markets', ru: 'Знание зарубежных рынков' },
  },
  {
    value: 'business-practices',
    label: {
      en: 'Ways of doing business in dissimilar economies',
      ru: 'Способы ведения бизнеса в непохожих экономиках',
    },
  },
  {
    value: 'finance-and-staff',
    label: { en: 'Financial resources and staff', ru: 'Финансовые ресурсы и персонал' },
  },
  {
    value: 'legal-and-technological-differences',
    label: {
      en: 'Differences in legal and technological bases',
      ru: 'Различия в правовой и технологической базе',
    },
  },
  {
    value: 'vague-projects',
    label: {
      en: 'Vague conception of potential projects',
      ru: 'Размытое представление о потенциальных проектах',
    },
  },
];

/**
 * The questionnaire on cluster internationalization in APEC, second version: v1's questions with the same ids,
 * and more on markets, partners, each of the seed's barriers and the support clusters need.
 */
export const internationalizationV2 = defineQuestionnaire({
  kind: 'internationalization',
  version: 2,
  title: internationalizationV1.title,
  description: internationalizationV1.description,
  sections: [
    {
      id: 'international-activity',
      title: { en: 'International activity', ru: 'Международная деятельность' },
      questions: [
        fromV1('international-stage'),
        fromV1('exporting-members-share'),
        fromV1('internationalization-strategy'),
        {
          id: 'international-staff',
          type: 'number',
          min: 0,
          max: 1000,
          text: {
            en: 'How many staff of the cluster management organization work on international cooperation (full-time equivalents)?',
            ru: 'Сколько сотрудников управляющей компании кластера занимаются международным сотрудничеством (в пересчёте на полную ставку)?',
          },
        },
        {
          id: 'international-importance',
          type: 'scale',
          required: true,
          min: 1,
          max: 5,
          scaleLabels: [
            { value: 1, label: { en: 'Not important', ru: 'Не важна' } },
            { value: 5, label: { en: 'Crucial', ru: 'Крайне важна' } },
          ],
          text: {
            en: "How important is international activity for the cluster's development?",
            ru: 'Насколько важна международная деятельность для развития кластера?',
          },
        },
      ],
    },
    {
      id: 'markets',
      title: { en: 'Markets', ru: 'Рынки' },
      questions: [
        fromV1('current-regions'),
        {
          id: 'current-markets',
          type: 'economy',
          economyScope: 'any',
          multiple: true,
          maxSelections: 30,
          showIf: when.all(
            when.answered('current-regions'),
            when.not(when.includes('current-regions', 'home-economy-only')),
          ),
          text: {
            en: 'In which economies do cluster members sell products or services today?',
            ru: 'В каких экономиках участники кластера продают товары или услуги сегодня?',
          },
        },
        fromV1('priority-economies'),
        {
          id: 'priority-markets-beyond-apec',
          type: 'economy',
          economyScope: 'any',
          multiple: true,
          maxSelections: 10,
          text: {
            en: 'Beyond APEC, which economies are priority markets for the cluster?',
            ru: 'Какие экономики за пределами АТЭС являются приоритетными рынками для кластера?',
          },
        },
        fromV1('market-knowledge'),
        {
          id: 'market-information-sources',
          type: 'multiple-choice',
          text: {
            en: 'Where does the cluster get information about overseas markets?',
            ru: 'Откуда кластер получает информацию о зарубежных рынках?',
          },
          options: [
            {
              value: 'trade-agencies',
              label: { en: 'Export and trade promotion agencies', ru: 'Агентства поддержки экспорта' },
            },
            {
              value: 'chambers',
              label: { en: 'Chambers of commerce and embassies', ru: 'Торговые палаты и посольства' },
            },
            {
              value: 'partner-clusters',
              label: { en: 'Partner clusters abroad', ru: 'Кластеры-партнёры за рубежом' },
            },
            { value: 'consultants', label: { en: 'Consultants', ru: 'Консультанты' } },
            {
              value: 'trade-fairs',
              label: { en: 'Trade fairs and missions', ru: 'Выставки и бизнес-миссии' },
            },
            { value: 'own-research', label: { en: 'Own research', ru: 'Собственные исследования' } },
            {
              value: 'none',
              label: { en: 'No regular source', ru: 'Постоянного источника нет' },
              exclusive: true,
            },
          ],
        },
      ],
    },
    {
      id: 'partnerships',
      title: { en: 'Partnerships', ru: 'Партнёрства' },
      questions: [
        fromV1('international-memberships'),
        {
          id: 'membership-names',
          type: 'text',
          maxLength: 1000,
          showIf: when.equals('international-memberships', true),
          text: {
            en: 'Which international partnerships or associations?',
            ru: 'В каких международных партнёрствах или ассоциациях?',
          },
        },
        fromV1('international-partners-count'),
        {
          id: 'partner-types',
          type: 'multiple-choice',
          showIf: when.gt('international-partners-count', 0),
          text: { en: 'What kinds of organisations were they?', ru: 'Какие это были организации?' },
          options: [
            { value: 'cluster', label: { en: 'Clusters', ru: 'Кластеры' } },
            { value: 'large-company', label: { en: 'Large companies', ru: 'Крупные компании' } },
            { value: 'sme', label: { en: 'SMEs', ru: 'Малые и средние предприятия' } },
            { value: 'university', label: { en: 'Universities', ru: 'Университеты' } },
            { value: 'research-institute', label: { en: 'Research institutes', ru: 'Научные институты' } },
            { value: 'public-body', label: { en: 'Public bodies', ru: 'Государственные организации' } },
            { value: 'other', label: { en: 'Other', ru: 'Другие' } },
          ],
        },
        {
          id: 'partner-economies',
          type: 'economy',
          economyScope: 'any',
          multiple: true,
          maxSelections: 30,
          showIf: when.gt('international-partners-count', 0),
          text: {
            en: 'In which economies are those partners based?',
            ru: 'В каких экономиках находятся эти партнёры?',
          },
        },
        fromV1('cooperation-forms'),
        {
          id: 'cooperation-experience',
          type: 'matrix',
          showIf: when.in('international-stage', ACTIVE),
          text: {
            en: "How would you rate the cluster's experience with these forms of international cooperation?",
            ru: 'Как вы оцениваете опыт кластера в этих формах международного сотрудничества?',
          },
          rows: fromV1('cooperation-forms').options.slice(0, 6),
          options: [{ value: 'none', label: { en: 'No experience', ru: 'Опыта нет' } }, ...ratingColumns],
        },
        fromV1('partner-project'),
        {
          id: 'partner-project-economies',
          type: 'economy',
          multiple: true,
          maxSelections: 21,
          showIf: when.answered('partner-project'),
          text: {
            en: 'In which APEC economies would the cluster look for partners for this project?',
            ru: 'В каких экономиках АТЭС кластер искал бы партнёров для этого проекта?',
          },
        },
      ],
    },
    {
      id: 'barriers',
      title: { en: 'Barriers to going global', ru: 'Барьеры выхода на международный уровень' },
      questions: [
        fromV1('barriers'),
        {
          id: 'barrier-severity',
          type: 'matrix',
          required: true,
          showIf: when.all(when.answered('barriers'), when.not(when.includes('barriers', 'none'))),
          text: {
            en: 'How serious is each of these common challenges of going global for the cluster?',
            ru: 'Насколько серьёзна для кластера каждая из этих типичных проблем выхода на международный уровень?',
          },
          rows: seedBarriers,
          options: [
            { value: 'not-a-barrier', label: { en: 'Not a barrier', ru: 'Не является барьером' } },
            { value: 'minor', label: { en: 'Minor', ru: 'Незначительный' } },
            { value: 'moderate', label: { en: 'Moderate', ru: 'Умеренный' } },
            { value: 'major', label: { en: 'Major', ru: 'Серьёзный' } },
          ],
        },
        {
          ...fromV1('main-barrier'),
          showIf: when.all(when.answered('barriers'), when.not(when.includes('barriers', 'none'))),
        },
        fromV1('barriers-comment'),
      ],
    },
    {
      id: 'support',
      title: { en: 'Support needs', ru: 'Потребности в поддержке' },
      questions: [
        fromV1('support-needs'),
        {
          id: 'support-received',
          type: 'yes-no',
          required: true,
          text: {
            en: 'Has the cluster received public support for its international activity in the last three years?',
            ru: 'Получал ли кластер государственную поддержку международной деятельности за последние три года?',
          },
        },
        {
          id: 'support-sources',
          type: 'multiple-choice',
          showIf: when.equals('support-received', true),
          text: { en: 'Who provided it?', ru: 'Кто её оказывал?' },
          options: [
            {
              value: 'national-government',
              label: { en: 'National government', ru: 'Национальное правительство' },
            },
            {
              value: 'regional-government',
              label: { en: 'Regional or local government', ru: 'Региональные или местные власти' },
            },
            {
              value: 'international-organisations',
              label: {
                en: 'APEC or other international organisations',
                ru: 'АТЭС или другие международные организации',
              },
            },
            {
              value: 'development-banks',
              label: { en: 'Development banks and funds', ru: 'Банки и фонды развития' },
            },
            { value: 'other', label: { en: 'Other', ru: 'Другие' } },
          ],
        },
        {
          id: 'support-usefulness',
          type: 'scale',
          min: 1,
          max: 5,
          showIf: when.equals('support-received', true),
          scaleLabels: [
            { value: 1, label: { en: 'Not useful', ru: 'Бесполезна' } },
            { value: 5, label: { en: 'Very useful', ru: 'Очень полезна' } },
          ],
          text: { en: 'How useful was that support?', ru: 'Насколько полезной была эта поддержка?' },
        },
        fromV1('workshop-interest'),
        {
          id: 'workshop-topics',
          type: 'multiple-choice',
          maxSelections: 3,
          showIf: when.equals('workshop-interest', true),
          text: {
            en: 'Which topics should such a workshop cover (up to three)?',
            ru: 'Какие темы должен охватить такой семинар (не более трёх)?',
          },
          options: workshopTopics,
        },
        {
          id: 'platform-usefulness',
          type: 'scale',
          min: 1,
          max: 5,
          scaleLabels: [
            { value: 1, label: { en: 'Not useful', ru: 'Бесполезна' } },
            { value: 5, label: { en: 'Very useful', ru: 'Очень полезна' } },
          ],
          text: {
            en: "How useful is the APEC Cluster Collaboration Platform's partner search for the cluster?",
            ru: 'Насколько полезен для кластера поиск партнёров на Платформе кластерного сотрудничества АТЭС?',
          },
        },
        fromV1('support-comment'),
        {
          id: 'contact-consent',
          type: 'yes-no',
          text: {
            en: 'May the APEC cluster team contact the cluster about these answers?',
            ru: 'Может ли команда кластерной инициативы АТЭС связаться с кластером по поводу этих ответов?',
          },
        },
      ],
    },
    respondentSection,
  ],
});
