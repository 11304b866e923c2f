import { ANONYMOUS, type Caller } from '@ccp/kit';
import { freshDatabase } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { questionnaireModel, questionsById } from '../src/model/questionnaire.js';
import type { AnswerValue } from '../src/model/response.js';
import { seedQuestionnaires } from '../src/domain/seed-questionnaires.js';
import { evaluateCondition, visibleQuestions } from '../src/questionnaires/conditions.js';
import { defineQuestionnaire, parseQuestionnaireContent } from '../src/questionnaires/definition.js';
import { QUESTIONNAIRES } from '../src/questionnaires/index.js';
import { internationalizationV1 } from '../src/questionnaires/internationalization.v1.js';
import { internationalizationV2 } from '../src/questionnaires/internationalization.v2.js';
import { when } from '../src/questionnaires/when.js';
import {
  coordinatorOf,
  managerOf,
  member,
  publishedCluster,
  type SurveysHarness,
  secretariat,
  startSurveys,
} from './harness.js';

let h: SurveysHarness;

beforeAll(async () => {
  h = await startSurveys('surveys-questionnaires');
});

afterAll(async () => {
  await h?.stop();
});

const apiClient: Caller = { subject: 'api-client-1', kind: 'api-client', grants: [] };
const t = (en: string, ru = `${en} — по-русски`) => ({ en, ru });
const codeOf = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;
const problemsOf = (r: { errors?: { extensions?: { problems?: { field: string; reason: string }[] } }[] }) =>
  r.errors?.[0]?.extensions?.problems ?? [];

const QUESTION_FIELDS = `
  id type required personal text { en ru } help { en ru } min max integer maxLength format minSelections maxSelections
  economyScope multiple options { value label { en ru } exclusive } rows { value label { en ru } }
  scaleLabels { value label { en ru } }
  showIf { op questionId row value conditions { op questionId row value conditions { op questionId value } } }
`;
const VERSION_FIELDS = `id kind version status revision publishedAt retiredAt languages title { en ru }
  sections { id title { en ru } showIf { op questionId value } questions { ${QUESTION_FIELDS} } }`;
const GET = `query ($id: ID!) { questionnaire(id: $id) { ${VERSION_FIELDS} } }`;
const LIST = `query ($kind: QuestionnaireKind) { questionnaires(kind: $kind) { id status } }`;
const ENTITY = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Questionnaire { id status } } }`;
const CREATE = `mutation ($kind: QuestionnaireKind!, $d: QuestionnaireDefinitionInput!) {
  createQuestionnaireVersion(kind: $kind, definition: $d) { ${VERSION_FIELDS} }
}`;
const UPDATE = `mutation ($id: ID!, $d: QuestionnaireDefinitionInput!, $r: Int) {
  updateQuestionnaireVersion(id: $id, definition: $d, expectedRevision: $r) { id revision status sections { questions { id } } }
}`;
const PUBLISH = `mutation ($id: ID!) { publishQuestionnaireVersion(id: $id) { id status publishedAt } }`;
const RETIRE = `mutation ($id: ID!) { retireQuestionnaireVersion(id: $id) { id status retiredAt } }`;
const DELETE = `mutation ($id: ID!) { deleteQuestionnaireDraft(id: $id) }`;

interface QuestionView {
  id: string;
  type: string;
  required: boolean;
  personal: boolean;
  text: { en: string; ru: string };
  options: { value: string }[];
  rows: { value: string; label: { en: string } }[];
  scaleLabels: { value: number }[];
  showIf: { op: string; questionId: string | null; value: string | null; conditions: unknown[] } | null;
  [field: string]: unknown;
}

async function version(id: string, caller: Caller = member) {
  const { data, errors } = await h.run(GET, { id }, caller);
  expect(errors).toBeUndefined();
  return data.questionnaire as {
    id: string;
    status: string;
    languages: string[];
    sections: { id: string; showIf: unknown; questions: QuestionView[] }[];
  } | null;
}

const questionsOf = (q: { sections: { questions: QuestionView[] }[] }) =>
  q.sections.flatMap((s) => s.questions);

/** A small workshop feedback definition as the graph takes it. */
const workshopDefinition = (questions: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  title: t('Workshop feedback (short)'),
  sections: [{ id: 'feedback', title: t('Feedback'), questions }],
  ...extra,
});
const RECOMMEND = { id: 'recommend', type: 'YES_NO', required: true, text: t('Would you recommend it?') };

describe('the shipped questionnaires', () => {
  it('When the service has started, then the internationalization (v1, v2), follow-up and workshop feedback questionnaires are published in English and Russian', async () => {
    const { data, errors } = await h.run(
      `{ questionnaires { id kind version status languages title { en ru } } }`,
    );

    expect(errors).toBeUndefined();
    expect(data.questionnaires).toEqual([
      expect.objectContaining({ id: 'follow-up-v1', kind: 'FOLLOW_UP', version: 1, status: 'PUBLISHED' }),
      expect.objectContaining({
        id: 'internationalization-v1',
        kind: 'INTERNATIONALIZATION',
        version: 1,
        status: 'PUBLISHED',
      }),
      expect.objectContaining({
        id: 'internationalization-v2',
        kind: 'INTERNATIONALIZATION',
        version: 2,
        status: 'PUBLISHED',
      }),
      expect.objectContaining({
        id: 'workshop-feedback-v1',
        kind: 'WORKSHOP_FEEDBACK',
        version: 1,
        status: 'PUBLISHED',
      }),
    ]);
    for (const q of data.questionnaires) expect(q.languages).toEqual(['en', 'ru']);
    for (const id of ['internationalization-v2', 'follow-up-v1', 'workshop-feedback-v1']) {
      const questionnaire = (await version(id))!;
      for (const question of questionsOf(questionnaire)) expect(question.text.ru).toMatch(/[а-яё]/i);
    }
  });

  it('When internationalization v2 is read, then it keeps every v1 question as it was, asks 30–40 questions on markets, partnerships, barriers and support, and rates the five barriers of the seed', async () => {
    const v2 = (await version('internationalization-v2'))!;
    const v1 = (await version('internationalization-v1'))!;

    const questions = questionsOf(v2);
    expect(questions.length).toBeGreaterThanOrEqual(30);
    expect(questions.length).toBeLessThanOrEqual(40);
    expect(v2.sections.map((s) => s.id)).toEqual(
      expect.arrayContaining(['markets', 'partnerships', 'barriers', 'support', 'respondent']),
    );
    const byId = new Map(questions.map((q) => [q.id, q]));
    for (const old of questionsOf(v1)) {
      const kept = byId.get(old.id);
      expect(kept?.type, old.id).toBe(old.type);
      expect(
        kept?.options.map((o) => o.value),
        old.id,
      ).toEqual(expect.arrayContaining(old.options.map((o) => o.value)));
    }
    expect(byId.get('barrier-severity')?.rows.map((r) => r.label.en)).toEqual([
      'Knowledge of overseas markets',
      'Ways of doing business in dissimilar economies',
      'Financial resources and staff',
      'Differences in legal and technological bases',
      'Vague conception of potential projects',
    ]);
    expect(questions.filter((q) => q.personal).map((q) => q.id)).toEqual([
      'respondent-name',
      'respondent-position',
      'respondent-email',
    ]);
  });

  it('When the follow-up is read, then success-story is a required yes/no shown to everyone and the story itself is asked only when it is yes', async () => {
    const followUp = (await version('follow-up-v1'))!;
    const byId = new Map(questionsOf(followUp).map((q) => [q.id, q]));
    const storySection = followUp.sections.find((s) => s.questions.some((q) => q.id === 'success-story'))!;

    expect(byId.get('success-story')).toMatchObject({ type: 'YES_NO', required: true, showIf: null });
    expect(storySection.showIf).toBeNull();
    for (const id of ['story-title', 'story-summary']) {
      expect(byId.get(id)).toMatchObject({
        type: 'TEXT',
        required: true,
        showIf: { op: 'EQUALS', questionId: 'success-story', value: 'true', conditions: [] },
      });
    }
    expect(byId.get('partner-economies')).toMatchObject({
      type: 'ECONOMY',
      economyScope: 'ANY',
      multiple: true,
    });
    expect(followUp.sections.find((s) => s.id === 'results')?.showIf).toEqual({
      op: 'IN',
      questionId: 'collaboration-status',
      value: '["active","completed","paused"]',
    });
  });

  it('When each question type is read through the graph, then it carries what a client needs to render and check it', async () => {
    const byId = new Map(questionsOf((await version('internationalization-v2'))!).map((q) => [q.id, q]));

    expect(byId.get('international-importance')).toMatchObject({
      type: 'SCALE',
      min: 1,
      max: 5,
      integer: true,
      scaleLabels: [{ value: 1 }, { value: 5 }],
    });
    expect(byId.get('barrier-severity')).toMatchObject({ type: 'MATRIX', required: true });
    expect(byId.get('barrier-severity')?.options.map((o) => o.value)).toEqual([
      'not-a-barrier',
      'minor',
      'moderate',
      'major',
    ]);
    expect(byId.get('workshop-topics')).toMatchObject({
      type: 'MULTIPLE_CHOICE',
      maxSelections: 3,
      minSelections: null,
    });
    expect(byId.get('respondent-email')).toMatchObject({
      type: 'TEXT',
      format: 'EMAIL',
      personal: true,
      maxLength: 254,
    });
    expect(byId.get('exporting-members-share')).toMatchObject({
      type: 'NUMBER',
      min: 0,
      max: 100,
      integer: false,
    });
    expect(byId.get('international-partners-count')).toMatchObject({
      type: 'NUMBER',
      min: 0,
      max: null,
      integer: true,
    });
    expect(byId.get('internationalization-strategy')).toMatchObject({
      type: 'YES_NO',
      options: [],
      rows: [],
    });
    expect(byId.get('current-markets')).toMatchObject({
      type: 'ECONOMY',
      economyScope: 'ANY',
      multiple: true,
      showIf: {
        op: 'ALL',
        questionId: null,
        value: null,
        conditions: [
          { op: 'ANSWERED', questionId: 'current-regions', row: null, value: null, conditions: [] },
          {
            op: 'NOT',
            questionId: null,
            row: null,
            value: null,
            conditions: [{ op: 'INCLUDES', questionId: 'current-regions', value: '"home-economy-only"' }],
          },
        ],
      },
    });
  });

  it('When definitionJson is read, then it is every section, question and condition exactly as the fields resolve them', async () => {
    const condition =
      'op questionId row value conditions { op questionId row value conditions { op questionId row value conditions { op } } }';
    const fields = QUESTION_FIELDS.replace(/showIf \{[^\n]*\n/, `showIf { ${condition} }\n`).replace(
      'rows { value label { en ru } }',
      'rows { value label { en ru } exclusive }',
    );
    for (const id of [
      'internationalization-v1',
      'internationalization-v2',
      'follow-up-v1',
      'workshop-feedback-v1',
    ]) {
      const { data, errors } = await h.run(
        `query ($id: ID!) { questionnaire(id: $id) { definitionJson
          sections { id title { en ru } description { en ru } showIf { ${condition} } questions { ${fields} } } } }`,
        { id },
        member,
      );
      expect(errors).toBeUndefined();
      expect(JSON.parse(data.questionnaire.definitionJson)).toEqual({
        sections: data.questionnaire.sections,
      });
    }
  });

  it('When messages are asked for in a locale, then every text comes keyed, in Russian for ru and in English for a language the version lacks', async () => {
    const { data, errors } = await h.run(`{
      questionnaire(id: "internationalization-v2") {
        ru: messages(locale: "ru-RU") { key text locale }
        zh: messages(locale: "zh-Hans") { key text locale }
      }
    }`);

    expect(errors).toBeUndefined();
    const ru = new Map(data.questionnaire.ru.map((m: { key: string; text: string }) => [m.key, m]));
    expect(ru.get('title')).toEqual({
      key: 'title',
      text: 'Анкета по интернационализации кластеров в АТЭС',
      locale: 'ru',
    });
    expect(ru.get('questions.barrier-severity.rows.vague-projects')).toMatchObject({
      text: 'Размытое представление о потенциальных проектах',
    });
    expect(ru.get('questions.international-importance.scale.5')).toMatchObject({ text: 'Крайне важна' });
    expect(data.questionnaire.zh.every((m: { locale: string }) => m.locale === 'en')).toBe(true);
    expect(data.questionnaire.zh).toHaveLength(data.questionnaire.ru.length);
  });
});

describe('the condition language', () => {
  const answers = (entries: Record<string, AnswerValue>) => new Map(Object.entries(entries));

  it('When conditions are evaluated, then each operator tests the answer as documented and a test of an unanswered question is false', () => {
    const a = answers({
      stage: 'occasional',
      regions: ['europe', 'oceania'],
      count: 3,
      strategy: true,
      grid: { finance: 'major' },
    });
    const cases: [ReturnType<typeof when.equals>, boolean][] = [
      [when.equals('stage', 'occasional'), true],
      [when.equals('stage', 'none'), false],
      [when.in('stage', ['none', 'occasional']), true],
      [when.includes('regions', 'europe'), true],
      [when.includes('regions', 'latin-america'), false],
      [when.includesAny('regions', ['latin-america', 'oceania']), true],
      [when.gt('count', 2), true],
      [{ op: 'lte', questionId: 'count', value: 2 }, false],
      [{ op: 'gte', questionId: 'count', value: 3 }, true],
      [{ op: 'lt', questionId: 'count', value: 3 }, false],
      [when.equals('strategy', true), true],
      [when.equals('grid', 'major', 'finance'), true],
      [when.equals('grid', 'major', 'staff'), false],
      [when.answered('missing'), false],
      [when.equals('missing', 'x'), false],
      [when.gt('missing', 0), false],
      [when.not(when.equals('missing', 'x')), true],
      [when.all(when.answered('stage'), when.not(when.includes('regions', 'europe'))), false],
      [when.any(when.answered('missing'), when.equals('strategy', true)), true],
    ];

    for (const [condition, expected] of cases) {
      expect(evaluateCondition(condition, a), JSON.stringify(condition)).toBe(expected);
    }
  });

  it('When an answer hides a question, then what depends on the hidden question is hidden too, whatever its answer says', () => {
    const q = defineQuestionnaire({
      kind: 'workshop-feedback',
      version: 90,
      title: t('Chain'),
      sections: [
        {
          id: 'one',
          title: t('One'),
          questions: [
            { id: 'attended', type: 'yes-no', text: t('Attended?') },
            {
              id: 'rating',
              type: 'scale',
              min: 1,
              max: 5,
              showIf: when.equals('attended', true),
              text: t('Rating'),
            },
            {
              id: 'why-low',
              type: 'text',
              showIf: when.all(when.answered('rating'), { op: 'lt', questionId: 'rating', value: 3 }),
              text: t('Why?'),
            },
          ],
        },
        {
          id: 'two',
          title: t('Two'),
          showIf: when.answered('why-low'),
          questions: [{ id: 'call-back', type: 'yes-no', text: t('Call?') }],
        },
      ],
    });

    expect([...visibleQuestions(q, answers({ attended: true, rating: 4 }))]).toEqual(['attended', 'rating']);
    expect([...visibleQuestions(q, answers({ attended: true, rating: 2, 'why-low': 'x' }))]).toEqual([
      'attended',
      'rating',
      'why-low',
      'call-back',
    ]);
    // "rating" is hidden, so its stale answer does not show why-low (nor the section after it).
    expect([...visibleQuestions(q, answers({ attended: false, rating: 2, 'why-low': 'x' }))]).toEqual([
      'attended',
    ]);
    expect([...visibleQuestions(q, answers({}))]).toEqual(['attended']);
  });

  it('When a condition names a later or unknown question, an operator its type lacks, an invalid value, or nests too deep, then each is a problem at its path', () => {
    const result = parseQuestionnaireContent('workshop-feedback', {
      title: t('Broken'),
      sections: [
        {
          id: 's',
          title: t('S'),
          questions: [
            {
              id: 'a',
              type: 'single-choice',
              text: t('A'),
              options: [
                { value: 'x', label: t('X') },
                { value: 'y', label: t('Y') },
              ],
            },
            { id: 'b', type: 'text', text: t('B'), showIf: when.equals('c', true) },
            { id: 'c', type: 'yes-no', text: t('C'), showIf: when.equals('nope', true) },
            { id: 'd', type: 'yes-no', text: t('D'), showIf: when.gt('a', 1) },
            { id: 'e', type: 'yes-no', text: t('E'), showIf: when.equals('a', 'z') },
            {
              id: 'f',
              type: 'yes-no',
              text: t('F'),
              showIf: when.not(when.not(when.not(when.answered('a')))),
            },
            { id: 'g', type: 'yes-no', text: t('G'), showIf: when.equals('b', 'text') },
          ],
        },
      ],
    });

    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual([
      'sections.0.questions.1.showIf.questionId: "c" is not a question before this one',
      'sections.0.questions.2.showIf.questionId: "nope" is not a question before this one',
      'sections.0.questions.3.showIf.op: gt cannot test a single-choice question (equals, in, answered can)',
      'sections.0.questions.4.showIf.value: must be a valid answer of a',
      'sections.0.questions.5.showIf.conditions.0.conditions.0.conditions.0: conditions nest at most 3 deep',
      'sections.0.questions.6.showIf.op: equals cannot test a text question (answered can)',
    ]);
  });

  it('When a shipped definition is broken, then defining it throws naming the problem, so the service does not start with it', () => {
    expect(() =>
      defineQuestionnaire({
        kind: 'follow-up',
        version: 99,
        title: t('No story'),
        sections: [
          { id: 's', title: t('S'), questions: [{ id: 'x', type: 'yes-no', text: { en: 'X', ru: '' } }] },
        ],
      }),
    ).toThrow(
      /questionnaire follow-up v99 is invalid: sections\.0\.questions\.0\.text\.ru: must not be empty/,
    );
  });
});

describe('authoring versions', () => {
  it('When the secretariat creates a version, then it is a DRAFT numbered after the others that nobody else sees or can answer', async () => {
    const clusterId = await publishedCluster(h.server, 'KR');

    const created = await h.run(
      CREATE,
      { kind: 'WORKSHOP_FEEDBACK', d: workshopDefinition([RECOMMEND]) },
      secretariat,
    );
    const id = created.data?.createQuestionnaireVersion.id;
    const asMember = await h.run(GET, { id }, member);
    const asSecretariat = await h.run(GET, { id }, secretariat);
    const listed = await h.run(LIST, { kind: 'WORKSHOP_FEEDBACK' }, coordinatorOf('KR'));
    const entity = await h.run(ENTITY, { r: [{ __typename: 'Questionnaire', id }] }, managerOf(clusterId));
    const answered = await h.run(
      `mutation ($input: SaveResponseDraftInput!) { saveResponseDraft(input: $input) { id } }`,
      { input: { questionnaireId: id, clusterId, answers: [] } },
      managerOf(clusterId),
    );

    expect(created.errors).toBeUndefined();
    expect(created.data.createQuestionnaireVersion).toMatchObject({
      id: 'workshop-feedback-v2',
      version: 2,
      status: 'DRAFT',
      revision: 1,
      publishedAt: null,
    });
    expect(asMember.data.questionnaire).toBeNull();
    expect(asSecretariat.data.questionnaire.status).toBe('DRAFT');
    expect(listed.data.questionnaires).toEqual([{ id: 'workshop-feedback-v1', status: 'PUBLISHED' }]);
    expect(entity.data._entities).toEqual([null]);
    expect(answered.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'questionnaireId',
    });
    expect((await h.run(DELETE, { id }, secretariat)).data.deleteQuestionnaireDraft).toBe(id);
    expect(await h.server.models.questionnaires.findById(id).lean()).toBeNull();
  });

  it('When anyone but the secretariat creates, edits, publishes, retires or deletes a version, then FORBIDDEN (UNAUTHENTICATED when anonymous) and nothing changes', async () => {
    const draft = await h.run(
      CREATE,
      { kind: 'WORKSHOP_FEEDBACK', d: workshopDefinition([RECOMMEND]) },
      secretariat,
    );
    const id = draft.data.createQuestionnaireVersion.id as string;
    const before = await h.server.models.questionnaires.find().lean();
    const callers = [coordinatorOf('RU'), managerOf('c-1'), member, apiClient, ANONYMOUS];

    const results = await Promise.all(
      callers.flatMap((caller) => [
        h.run(CREATE, { kind: 'WORKSHOP_FEEDBACK', d: workshopDefinition([RECOMMEND]) }, caller),
        h.run(UPDATE, { id, d: workshopDefinition([RECOMMEND]) }, caller),
        h.run(PUBLISH, { id }, caller),
        h.run(RETIRE, { id: 'workshop-feedback-v1' }, caller),
        h.run(DELETE, { id }, caller),
      ]),
    );

    expect(results.map(codeOf)).toEqual([
      ...Array(20).fill('FORBIDDEN'),
      ...Array(5).fill('UNAUTHENTICATED'),
    ]);
    expect(await h.server.models.questionnaires.find().lean()).toEqual(before);
    await h.run(DELETE, { id }, secretariat);
  });

  it('When a draft is edited and published, then it is answerable and current; it never changes again and publishing again changes nothing', async () => {
    const created = await h.run(
      CREATE,
      { kind: 'WORKSHOP_FEEDBACK', d: workshopDefinition([RECOMMEND]) },
      secretariat,
    );
    const id = created.data.createQuestionnaireVersion.id as string;
    const comment = { id: 'comment', type: 'TEXT', text: t('Anything else?') };

    const edited = await h.run(
      UPDATE,
      { id, d: workshopDefinition([RECOMMEND, comment]), r: 1 },
      secretariat,
    );
    const stale = await h.run(UPDATE, { id, d: workshopDefinition([RECOMMEND]), r: 1 }, secretariat);
    const published = await h.run(PUBLISH, { id }, secretariat);
    const again = await h.run(PUBLISH, { id }, secretariat);
    const edit = await h.run(UPDATE, { id, d: workshopDefinition([RECOMMEND]) }, secretariat);
    const deleted = await h.run(DELETE, { id }, secretariat);
    const current = await h.run(`{ currentQuestionnaire(kind: WORKSHOP_FEEDBACK) { id status } }`);

    expect(edited.data.updateQuestionnaireVersion).toMatchObject({ revision: 2, status: 'DRAFT' });
    expect(stale.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      field: 'expectedRevision',
      currentRevision: 2,
    });
    expect(published.data.publishQuestionnaireVersion).toMatchObject({ id, status: 'PUBLISHED' });
    expect(again.data.publishQuestionnaireVersion).toEqual(published.data.publishQuestionnaireVersion);
    expect(edit.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      field: 'id',
      status: 'PUBLISHED',
    });
    expect(deleted.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', status: 'PUBLISHED' });
    expect(current.data.currentQuestionnaire).toEqual({ id, status: 'PUBLISHED' });
    const stored = questionsById((await h.server.deps.questionnaires.byId(id))!);
    expect([...stored.keys()]).toEqual(['recommend', 'comment']);
  });

  it("When a new version changes an existing id's type, drops its options, rows or scale points, narrows its economies or makes it personal, then BAD_USER_INPUT names each and nothing is stored", async () => {
    const v2 = questionsById(internationalizationV2);
    const changed = [
      {
        id: 'international-stage',
        type: 'MULTIPLE_CHOICE',
        text: t('Stage'),
        options: v2.get('international-stage')!.options.map(({ value }) => ({ value, label: t(value) })),
      },
      {
        id: 'market-knowledge',
        type: 'SINGLE_CHOICE',
        text: t('Knowledge'),
        options: [
          { value: 'none', label: t('None') },
          { value: 'some', label: t('Some') },
        ],
      },
      {
        id: 'barrier-severity',
        type: 'MATRIX',
        text: t('Severity'),
        rows: [{ value: 'vague-projects', label: t('Vague') }],
        options: v2.get('barrier-severity')!.options.map(({ value }) => ({ value, label: t(value) })),
      },
      { id: 'international-importance', type: 'SCALE', min: 1, max: 7, text: t('Importance') },
      { id: 'current-markets', type: 'ECONOMY', economyScope: 'APEC', multiple: true, text: t('Markets') },
      { id: 'support-comment', type: 'TEXT', personal: true, text: t('Comment') },
    ];

    const result = await h.run(
      CREATE,
      {
        kind: 'INTERNATIONALIZATION',
        d: { title: t('Internationalization 3'), sections: [{ id: 's', title: t('S'), questions: changed }] },
      },
      secretariat,
    );

    expect(result.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(problemsOf(result).map((p) => `${p.field}: ${p.reason.split(':')[0]}`)).toEqual([
      'definition.sections.0.questions.0.type: international-stage was a single-choice question in v1',
      'definition.sections.0.questions.0.type: international-stage was a single-choice question in v2',
      'definition.sections.0.questions.1.options: market-knowledge drops the option(s) basic, good, detailed in v1',
      'definition.sections.0.questions.1.options: market-knowledge drops the option(s) basic, good, detailed in v2',
      'definition.sections.0.questions.2.rows: barrier-severity drops the row(s) overseas-market-knowledge, business-practices, finance-and-staff, legal-and-technological-differences in v2',
      'definition.sections.0.questions.3.min: international-importance changes the scale 1–5 to 1–7 in v2',
      'definition.sections.0.questions.4.economyScope: current-markets narrows any country to APEC economies in v2',
      'definition.sections.0.questions.5.personal: support-comment changes whether it is personal in v1',
      'definition.sections.0.questions.5.personal: support-comment changes whether it is personal in v2',
    ]);
    expect(await h.server.models.questionnaires.countDocuments({ kind: 'internationalization' })).toBe(2);
  });

  it('When a new version rewords a kept question, adds options and drops questions, then it is accepted; an id dropped earlier cannot come back with another meaning', async () => {
    const v1 = questionsById(internationalizationV1);
    const stage = v1.get('international-stage')!;
    const reworded = {
      id: 'international-stage',
      type: 'SINGLE_CHOICE',
      required: false,
      text: t('Where does the cluster stand internationally?'),
      options: [
        ...stage.options.map(({ value }) => ({ value, label: t(`Reworded ${value}`) })),
        { value: 'leading', label: t('Leading') },
      ],
    };
    const without = await h.run(
      CREATE,
      {
        kind: 'WORKSHOP_FEEDBACK',
        d: workshopDefinition([{ id: 'overall-rating', type: 'SCALE', min: 1, max: 5, text: t('Rating') }]),
      },
      secretariat,
    );
    await h.run(PUBLISH, { id: without.data.createQuestionnaireVersion.id }, secretariat);

    const accepted = await h.run(
      CREATE,
      {
        kind: 'INTERNATIONALIZATION',
        d: {
          title: t('Internationalization 3'),
          sections: [{ id: 's', title: t('S'), questions: [reworded] }],
        },
      },
      secretariat,
    );
    // "recommend" is a yes/no in workshop feedback v1 and v2, absent from v3 published just now.
    const comeBack = await h.run(
      CREATE,
      { kind: 'WORKSHOP_FEEDBACK', d: workshopDefinition([{ ...RECOMMEND, type: 'TEXT' }]) },
      secretariat,
    );

    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.createQuestionnaireVersion).toMatchObject({
      id: 'internationalization-v3',
      status: 'DRAFT',
    });
    expect(problemsOf(comeBack)).toEqual([
      expect.objectContaining({
        field: 'definition.sections.0.questions.0.type',
        reason: expect.stringMatching(/^recommend was a yes-no question in v1/),
      }),
      expect.objectContaining({
        field: 'definition.sections.0.questions.0.type',
        reason: expect.stringMatching(/^recommend was a yes-no question in v2/),
      }),
    ]);
    await h.run(DELETE, { id: 'internationalization-v3' }, secretariat);
  });

  it('When a second draft of a kind is started, then INVALID_STATE names the draft to finish first', async () => {
    const first = await h.run(CREATE, { kind: 'FOLLOW_UP', d: followUpDefinition() }, secretariat);

    const second = await h.run(CREATE, { kind: 'FOLLOW_UP', d: followUpDefinition() }, secretariat);

    expect(first.data.createQuestionnaireVersion).toMatchObject({ id: 'follow-up-v2', status: 'DRAFT' });
    expect(second.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      field: 'kind',
      draftId: 'follow-up-v2',
    });
    await h.run(DELETE, { id: 'follow-up-v2' }, secretariat);
  });

  it('When a definition is malformed, then BAD_USER_INPUT names each field under definition and nothing is stored', async () => {
    const result = await h.run(
      CREATE,
      {
        kind: 'WORKSHOP_FEEDBACK',
        d: {
          title: { en: 'Feedback', ru: '' },
          sections: [
            {
              id: 'Bad Section',
              title: t('S'),
              questions: [
                { ...RECOMMEND, text: { en: '<script>alert(1)</script>', ru: 'Да?' } },
                {
                  id: 'choice',
                  type: 'SINGLE_CHOICE',
                  text: t('One option'),
                  options: [{ value: 'only', label: t('Only') }],
                },
                { id: 'recommend', type: 'YES_NO', text: t('Again') },
                { id: 'scale', type: 'SCALE', min: 1, max: 20, text: t('Too long a scale') },
                {
                  id: 'later',
                  type: 'YES_NO',
                  text: t('Later'),
                  showIf: { op: 'EQUALS', questionId: 'recommend', value: 'yes please' },
                },
                {
                  id: 'other',
                  type: 'TEXT',
                  text: { en: 'Other', ru: 'Другое', other: [{ locale: 'not a tag!', text: 'x' }] },
                },
              ],
            },
          ],
        },
      },
      secretariat,
    );

    expect(result.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(problemsOf(result).map((p) => p.field)).toEqual([
      'definition.sections.0.questions.4.showIf.value',
    ]);
    const fixed = await h.run(
      CREATE,
      {
        kind: 'WORKSHOP_FEEDBACK',
        d: {
          title: { en: 'Feedback', ru: '' },
          sections: [
            {
              id: 'Bad Section',
              title: t('S'),
              questions: [
                { ...RECOMMEND, text: { en: '<script>alert(1)</script>', ru: 'Да?' } },
                {
                  id: 'choice',
                  type: 'SINGLE_CHOICE',
                  text: t('One option'),
                  options: [{ value: 'only', label: t('Only') }],
                },
                { id: 'recommend', type: 'YES_NO', text: t('Again') },
                { id: 'scale', type: 'SCALE', min: 1, max: 20, text: t('Too long a scale') },
                {
                  id: 'other',
                  type: 'TEXT',
                  text: { en: 'Other', ru: 'Другое', other: [{ locale: 'not a tag!', text: 'x' }] },
                },
              ],
            },
          ],
        },
      },
      secretariat,
    );
    expect(problemsOf(fixed).map((p) => p.field)).toEqual([
      'definition.title.ru',
      'definition.sections.0.id',
      'definition.sections.0.questions.0.text.en',
      'definition.sections.0.questions.1.options',
      'definition.sections.0.questions.3.max',
      'definition.sections.0.questions.4.text.not a tag!',
    ]);
    const duplicate = await h.run(
      CREATE,
      { kind: 'WORKSHOP_FEEDBACK', d: workshopDefinition([RECOMMEND, { ...RECOMMEND, text: t('Twice') }]) },
      secretariat,
    );
    expect(problemsOf(duplicate)).toEqual([
      { field: 'definition.sections.0.questions.1.id', reason: 'question id recommend repeats' },
    ]);
    expect(await h.server.models.questionnaires.countDocuments({ status: 'draft' })).toBe(0);
  });

  it('When a follow-up version does not ask success-story as a required yes/no shown to all, then it is refused', async () => {
    const missing = await h.run(
      CREATE,
      { kind: 'FOLLOW_UP', d: workshopDefinition([RECOMMEND]) },
      secretariat,
    );
    const conditional = await h.run(
      CREATE,
      { kind: 'FOLLOW_UP', d: followUpDefinition({ showIf: { op: 'ANSWERED', questionId: 'status' } }) },
      secretariat,
    );

    expect(problemsOf(missing)).toEqual([
      { field: 'definition.sections', reason: 'a follow-up must ask success-story (yes/no, required)' },
    ]);
    expect(problemsOf(conditional)).toEqual([
      {
        field: 'definition.sections.0.questions.1',
        reason: 'success-story must be a required yes/no question shown to every respondent',
      },
    ]);
  });

  it('When a version with a further language is published, then languages and messages offer it, falling back to its base language', async () => {
    const zh = (en: string, text: string) => ({ ...t(en), other: [{ locale: 'zh-Hans', text }] });
    const created = await h.run(
      CREATE,
      {
        kind: 'WORKSHOP_FEEDBACK',
        d: {
          title: zh('Feedback', '反馈'),
          sections: [
            {
              id: 'f',
              title: zh('Feedback', '反馈'),
              questions: [{ ...RECOMMEND, text: zh('Recommend?', '推荐吗？') }],
            },
          ],
        },
      },
      secretariat,
    );
    const id = created.data.createQuestionnaireVersion.id as string;
    await h.run(PUBLISH, { id }, secretariat);

    const { data } = await h.run(
      `query ($id: ID!) { questionnaire(id: $id) { languages messages(locale: "zh") { key text locale } } }`,
      { id },
    );

    expect(data.questionnaire.languages).toEqual(['en', 'ru', 'zh-Hans']);
    expect(data.questionnaire.messages).toContainEqual({
      key: 'questions.recommend.text',
      text: '推荐吗？',
      locale: 'zh-Hans',
    });
  });

  it('When a version is retired, then it is no longer current, stays readable, and a new standing response to it is refused', async () => {
    const clusterId = await publishedCluster(h.server, 'JP');
    const manager = managerOf(clusterId);
    const SAVE = `mutation ($input: SaveResponseDraftInput!) { saveResponseDraft(input: $input) { id status } }`;
    const draft = (q: string) =>
      h.run(
        SAVE,
        {
          input: {
            questionnaireId: q,
            clusterId,
            answers: [{ questionId: 'workshop-interest', value: 'true' }],
          },
        },
        manager,
      );

    const retired = await h.run(RETIRE, { id: 'internationalization-v1' }, secretariat);
    const again = await h.run(RETIRE, { id: 'internationalization-v1' }, secretariat);
    const current = await h.run(`{ currentQuestionnaire(kind: INTERNATIONALIZATION) { id } }`);
    const read = await version('internationalization-v1');
    const onRetired = await draft('internationalization-v1');
    const onCurrent = await draft('internationalization-v2');

    expect(retired.data.retireQuestionnaireVersion).toMatchObject({
      status: 'RETIRED',
      retiredAt: expect.any(String),
    });
    expect(again.data.retireQuestionnaireVersion).toEqual(retired.data.retireQuestionnaireVersion);
    expect(current.data.currentQuestionnaire).toEqual({ id: 'internationalization-v2' });
    expect(read?.status).toBe('RETIRED');
    expect(onRetired.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      field: 'questionnaireId',
      status: 'RETIRED',
    });
    expect(onCurrent.data.saveResponseDraft.status).toBe('DRAFT');
  });
});

describe('seeding', () => {
  it('When the shipped versions are already stored, then seeding inserts nothing and never undoes a retirement', async () => {
    const db = await freshDatabase('surveys-seeding');
    try {
      const model = questionnaireModel(db);
      await model.init();
      expect(await seedQuestionnaires(model)).toEqual([]);
      await model.updateOne(
        { _id: 'workshop-feedback-v1' },
        { $set: { status: 'retired', retiredAt: new Date() } },
      );
      const stored = await model.find().sort({ _id: 1 }).lean();

      const drifted = await Promise.all([seedQuestionnaires(model), seedQuestionnaires(model)]);

      expect(drifted).toEqual([[], []]);
      expect(await model.find().sort({ _id: 1 }).lean()).toEqual(stored);
      expect(stored.map((q) => q._id).sort()).toEqual(QUESTIONNAIRES.map((q) => q.id).sort());
    } finally {
      await db.drop();
    }
  });
});

/** A minimal follow-up definition as the graph takes it; `story` overrides fields of success-story. */
function followUpDefinition(story: Record<string, unknown> = {}) {
  return {
    title: t('Follow-up (short)'),
    sections: [
      {
        id: 'follow-up',
        title: t('Follow-up'),
        questions: [
          { id: 'status', type: 'TEXT', text: t('Where does it stand?') },
          { id: 'success-story', type: 'YES_NO', required: true, text: t('A success story?'), ...story },
        ],
      },
    ],
  };
}
