import { defineQuestionnaire } from './definition.js';
import { ratingColumns, workshopTopics } from './shared.js';
import { when } from './when.js';

const parts = [
  { value: 'plenary', label: { en: 'Plenary session', ru: 'Пленарное заседание' } },
  { value: 'panels', label: { en: 'Panel discussions', ru: 'Панельные дискуссии' } },
  { value: 'b2b-meetings', label: { en: 'B2B meetings', ru: 'B2B-встречи' } },
  { value: 'site-visits', label: { en: 'Site visits', ru: 'Выездные визиты' } },
  { value: 'networking', label: { en: 'Networking', ru: 'Неформальное общение' } },
];

/** What a cluster made of an APEC workshop on international cluster collaboration. */
export const workshopFeedbackV1 = defineQuestionnaire({
  kind: 'workshop-feedback',
  version: 1,
  title: { en: 'Workshop feedback', ru: 'Отзыв о семинаре' },
  description: {
    en: 'How the workshop on international cluster collaboration went for your cluster, and what the next one should do better.',
    ru: 'Каким был семинар по международному кластерному сотрудничеству для вашего кластера и что улучшить в следующий раз.',
  },
  sections: [
    {
      id: 'workshop',
      title: { en: 'The workshop', ru: 'Семинар' },
      questions: [
        {
          id: 'attended-parts',
          type: 'multiple-choice',
          required: true,
          text: {
            en: "Which parts of the workshop did your cluster's representatives attend?",
            ru: 'В каких частях семинара участвовали представители вашего кластера?',
          },
          options: parts,
        },
        {
          id: 'overall-rating',
          type: 'scale',
          required: true,
          min: 1,
          max: 5,
          scaleLabels: [
            { value: 1, label: { en: 'Very poor', ru: 'Очень плохо' } },
            { value: 5, label: { en: 'Excellent', ru: 'Отлично' } },
          ],
          text: { en: 'Overall, how would you rate the workshop?', ru: 'Как в целом вы оцениваете семинар?' },
        },
        {
          id: 'part-ratings',
          type: 'matrix',
          text: {
            en: 'How would you rate each part you attended?',
            ru: 'Как вы оцениваете каждую часть, в которой участвовали?',
          },
          rows: parts,
          options: ratingColumns,
        },
        {
          id: 'organisation-ratings',
          type: 'matrix',
          text: { en: 'How would you rate the organisation?', ru: 'Как вы оцениваете организацию?' },
          rows: [
            { value: 'agenda', label: { en: 'Agenda', ru: 'Программа' } },
            { value: 'speakers', label: { en: 'Speakers', ru: 'Докладчики' } },
            { value: 'venue', label: { en: 'Venue', ru: 'Место проведения' } },
            { value: 'interpretation', label: { en: 'Interpretation', ru: 'Перевод' } },
            { value: 'matchmaking-tool', label: { en: 'Meeting scheduling', ru: 'Планирование встреч' } },
          ],
          options: ratingColumns,
        },
      ],
    },
    {
      id: 'b2b',
      title: { en: 'B2B meetings', ru: 'B2B-встречи' },
      showIf: when.includes('attended-parts', 'b2b-meetings'),
      questions: [
        {
          id: 'meetings-held',
          type: 'number',
          integer: true,
          min: 0,
          max: 100,
          required: true,
          text: {
            en: 'How many B2B meetings did your cluster hold?',
            ru: 'Сколько B2B-встреч провёл ваш кластер?',
          },
        },
        {
          id: 'promising-contacts',
          type: 'number',
          integer: true,
          min: 0,
          max: 100,
          showIf: when.gt('meetings-held', 0),
          text: {
            en: 'How many of them could lead to a collaboration?',
            ru: 'Сколько из них могут привести к сотрудничеству?',
          },
        },
        {
          id: 'meeting-partner-economies',
          type: 'economy',
          multiple: true,
          maxSelections: 21,
          showIf: when.gt('meetings-held', 0),
          text: {
            en: 'From which APEC economies were the clusters you met?',
            ru: 'Из каких экономик АТЭС были кластеры, с которыми вы встречались?',
          },
        },
        {
          id: 'follow-up-planned',
          type: 'yes-no',
          showIf: when.gt('meetings-held', 0),
          text: {
            en: 'Has your cluster agreed next steps with any of them?',
            ru: 'Договорился ли ваш кластер о дальнейших шагах с кем-либо из них?',
          },
        },
      ],
    },
    {
      id: 'value',
      title: { en: 'Value for your cluster', ru: 'Польза для кластера' },
      questions: [
        {
          id: 'objectives-met',
          type: 'single-choice',
          required: true,
          text: {
            en: "Did the workshop meet your cluster's objectives?",
            ru: 'Оправдал ли семинар ожидания вашего кластера?',
          },
          options: [
            { value: 'fully', label: { en: 'Fully', ru: 'Полностью' } },
            { value: 'mostly', label: { en: 'Mostly', ru: 'В основном' } },
            { value: 'partly', label: { en: 'Partly', ru: 'Частично' } },
            { value: 'not-at-all', label: { en: 'Not at all', ru: 'Совсем нет' } },
          ],
        },
        {
          id: 'recommend',
          type: 'yes-no',
          required: true,
          text: {
            en: 'Would you recommend the next workshop to other clusters?',
            ru: 'Порекомендовали бы вы следующий семинар другим кластерам?',
          },
        },
        {
          id: 'most-useful',
          type: 'text',
          maxLength: 2000,
          text: { en: 'What was most useful?', ru: 'Что было самым полезным?' },
        },
        {
          id: 'improvements',
          type: 'text',
          maxLength: 2000,
          text: {
            en: 'What should the next workshop do better?',
            ru: 'Что следующий семинар должен сделать лучше?',
          },
        },
        {
          id: 'future-topics',
          type: 'multiple-choice',
          maxSelections: 3,
          text: {
            en: 'Which topics should the next workshop cover (up to three)?',
            ru: 'Какие темы должен охватить следующий семинар (не более трёх)?',
          },
          options: workshopTopics,
        },
      ],
    },
  ],
});
