import { randomUUID } from 'node:crypto';
import { ANONYMOUS, type Caller, emailDigest, LOCAL_ERASURE_KEY, makeEvent, parseCsv } from '@ccp/kit';
import { createTestTopic, deleteTestTopic, waitFor } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyClusterEvent } from '../src/events/cluster-facts.js';
import { clusterFactsModel } from '../src/model/cluster-facts.js';
import type { AnswerValue, ResponseDocument } from '../src/model/response.js';
import { responseModel } from '../src/model/response.js';
import { ResultsReadModel } from '../src/results/read-model.js';
import { suppressPartition, suppressTable } from '../src/results/suppression.js';
import {
  coordinatorOf,
  managerOf,
  member,
  type SurveysHarness,
  secretariat,
  startSurveys,
  user,
} from './harness.js';

const K = 5;
/** The questionnaire of most tests: every question type (workshop feedback is a kind nothing else here uses). */
const Q = 'workshop-feedback-v77';
/** The one of the suppression tests: small cells on purpose. */
const S = 'internationalization-v77';

const option = (value: string) => ({ value, label: { en: value, ru: value }, exclusive: false });
const question = (id: string, type: string, extra: Record<string, unknown> = {}) => ({
  id,
  type,
  required: false,
  text: { en: id, ru: id },
  ...extra,
});
const QUESTIONS = [
  question('stage', 'single-choice', {
    options: ['none', 'exploring', 'occasional', 'established'].map(option),
  }),
  question('regions', 'multiple-choice', { options: ['asia', 'america', 'europe', 'oceania'].map(option) }),
  question('share', 'number', { min: 0, max: 100 }),
  question('satisfaction', 'scale', { min: 1, max: 5, integer: true }),
  question('rating', 'matrix', {
    rows: ['speed', 'quality'].map(option),
    options: ['low', 'mid', 'high'].map(option),
  }),
  question('strategy', 'yes-no'),
  question('partner', 'economy', { economyScope: 'apec' }),
  question('comment', 'text'),
  question('respondent-email', 'text', { personal: true, format: 'email' }),
];

const TYPES: Record<string, string> = Object.fromEntries(QUESTIONS.map((q) => [q.id, q.type]));

function questionnaireDoc(kind: string, version: number) {
  return {
    _id: `${kind}-v${version}`,
    kind,
    version,
    status: 'published',
    title: { en: `Test ${kind}`, ru: `Тест ${kind}` },
    description: null,
    sections: [{ id: 'main', title: { en: 'Main', ru: 'Основное' }, questions: QUESTIONS }],
    revision: 1,
    publishedAt: new Date(),
    retiredAt: null,
    createdAt: new Date(),
    updatedAt: new Date(),
  };
}

type Answers = Record<string, AnswerValue | undefined>;

let h: SurveysHarness;
const model = () => h.server.deps.results.model;

function submittedEvent(doc: ResponseDocument) {
  return makeEvent({
    service: 'surveys',
    type: 'ccp.surveys.response.submitted.v1',
    subject: doc._id,
    sequence: doc.version,
    economy: doc.economy,
    data: {
      responseId: doc._id,
      questionnaireKind: doc.questionnaireKind,
      questionnaireId: doc.questionnaireId,
      questionnaireVersion: doc.questionnaireVersion,
      clusterId: doc.clusterId,
      economy: doc.economy,
      campaignId: doc.campaignId,
      submittedAt: doc.submittedAt!.toISOString(),
    },
  });
}

/** A registry event with the profile facts results filter by. */
function profileEvent(clusterId: string, economy: string, specializations: string[], memberTypes: string[]) {
  return makeEvent({
    service: 'registry',
    type: 'ccp.registry.cluster.published.v1',
    subject: clusterId,
    sequence: 2,
    economy,
    data: {
      clusterId,
      economy,
      name: { en: `Cluster ${clusterId.slice(0, 8)}` },
      status: 'published',
      publishedAt: new Date().toISOString(),
      specializations,
      profile: {
        slug: `cluster-${clusterId.slice(0, 8)}`,
        completeness: 0.5,
        keyMembers: memberTypes.map((type, i) => ({ name: `Member ${i}`, type, role: null })),
      },
    },
  });
}

interface Respondent {
  economy: string;
  answers: Answers;
  specializations?: string[];
  memberTypes?: string[];
  campaignId?: string | null;
  by?: string;
  email?: string;
}

/**
 * Stores a submitted response as submitResponse leaves it and feeds its event to the read model, with its
 * cluster's profile (as the registry's events would have been followed). Returns the stored document.
 */
async function respond(questionnaireId: string, r: Respondent): Promise<ResponseDocument> {
  const clusterId = randomUUID();
  const cluster = profileEvent(clusterId, r.economy, r.specializations ?? [], r.memberTypes ?? []);
  await applyClusterEvent(h.server.models.clusterFacts, cluster);
  await model().applyEvent(cluster);
  const [kind, version] = [questionnaireId.replace(/-v\d+$/, ''), Number(questionnaireId.split('-v').pop())];
  const now = new Date();
  const by = r.by ?? managerOf(clusterId).subject;
  const doc = {
    _id: `${r.campaignId ?? questionnaireId}:${clusterId}`,
    questionnaireId,
    questionnaireKind: kind,
    questionnaireVersion: version,
    clusterId,
    economy: r.economy,
    status: 'submitted',
    answers: Object.entries(r.answers)
      .filter(([, v]) => v !== undefined)
      .map(([questionId, value]) => ({ questionId, type: TYPES[questionId]!, value: value! })),
    respondent: {
      createdBy: by,
      updatedBy: by,
      submittedBy: by,
      answers: r.email ? [{ questionId: 'respondent-email', type: 'text', value: r.email }] : [],
    },
    campaignId: r.campaignId ?? null,
    collaborationId: null,
    createdAt: now,
    updatedAt: now,
    submittedAt: now,
    version: 2,
    outbox: [],
  } as unknown as ResponseDocument;
  await h.server.deps.responses.collection.insertOne(doc as never);
  expect(await model().applyEvent(submittedEvent(doc))).toBe(true);
  return doc;
}

const CAMPAIGN_A = `campaign-a-${randomUUID()}`;
const CAMPAIGN_B = `campaign-b-${randomUUID()}`;

/** Twenty responses, RU and CN ten each, every count 0 or at least K. */
function mainRespondents(): Respondent[] {
  return Array.from({ length: 20 }, (_, i) => {
    const ru = i < 10;
    const half = i % 10 < 5;
    return {
      economy: ru ? 'RU' : 'CN',
      specializations: half ? [ru ? 'agrifood.food-processing' : 'agrifood'] : [ru ? 'ict' : 'ict.software'],
      memberTypes: [ru ? 'UNIVERSITY' : 'SME'],
      campaignId: CAMPAIGN_A,
      answers: {
        stage: ru ? (half ? 'exploring' : 'established') : half ? 'exploring' : 'none',
        regions: ru ? ['asia', 'europe'] : ['asia'],
        share: ru ? 15 : 55,
        satisfaction: i < 10 ? 4 : i < 15 ? 5 : undefined,
        rating: i < 15 ? { speed: ru ? 'high' : 'mid', quality: 'high' } : ({ speed: 'mid' } as Record<string, string>),
        strategy: i < 15,
        partner: ru ? 'CN' : 'RU',
        comment:
          i < 6 ? (i === 0 ? '=HYPERLINK("http://evil.example")' : `Comment ${i}, with a comma`) : undefined,
      },
    };
  });
}

/** Thirteen responses, RU ten and JP three, with small cells everywhere. */
function smallCellRespondents(): Respondent[] {
  return Array.from({ length: 13 }, (_, n) => {
    const i = n + 1;
    return {
      economy: i <= 10 ? 'RU' : 'JP',
      campaignId: CAMPAIGN_B,
      answers: {
        stage: i <= 6 ? 'exploring' : i <= 11 ? 'established' : 'none',
        regions: [
          ...(i <= 11 ? ['asia'] : []),
          ...(i >= 6 && i <= 8 ? ['america'] : []),
          ...(i <= 4 || i >= 12 ? ['europe'] : []),
        ],
        share: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 100][n],
        satisfaction: i <= 2 ? 5 : undefined,
        strategy: [1, 2, 3, 4, 5, 7, 8, 12].includes(i),
      },
    };
  });
}

let main: ResponseDocument[];
let small: ResponseDocument[];

async function insertCampaign(id: string, questionnaireId: string, audience: Record<string, number>) {
  const now = new Date();
  await h.server.deps.campaigns.model.collection.insertOne({
    _id: id,
    questionnaireId,
    questionnaireKind: questionnaireId.replace(/-v\d+$/, ''),
    questionnaireVersion: 77,
    title: { en: id, ru: id },
    audience: { economies: Object.keys(audience), clusterIds: [] },
    scope: Object.keys(audience),
    opensAt: now,
    closesAt: new Date(now.getTime() + 86_400_000),
    reminderDaysBeforeClose: 0,
    status: 'open',
    collaborationId: null,
    opensAutomatically: false,
    audienceCounts: Object.entries(audience).map(([economy, clusters]) => ({ economy, clusters })),
    audienceId: null,
    createdAt: now,
    createdBy: 'user-secretariat',
    updatedAt: now,
    updatedBy: 'user-secretariat',
    openedAt: now,
    openedBy: 'user-secretariat',
    closedAt: null,
    closedBy: null,
    closedReason: null,
    invitationsQueuedAt: now,
    remindedAt: null,
    version: 2,
    outbox: [],
  } as never);
}

beforeAll(async () => {
  h = await startSurveys('results', { resultsMinCell: K });
  const questionnaires = h.server.models.questionnaires.collection;
  await questionnaires.insertMany([
    questionnaireDoc('workshop-feedback', 77),
    questionnaireDoc('internationalization', 77),
  ] as never[]);
  main = [];
  for (const r of mainRespondents()) main.push(await respond(Q, r));
  small = [];
  for (const r of smallCellRespondents()) small.push(await respond(S, r));
  await insertCampaign(CAMPAIGN_A, Q, { RU: 12, CN: 15 });
  await insertCampaign(CAMPAIGN_B, S, { RU: 12, JP: 4, CN: 5 });
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

const RESULTS = `query ($q: ID!, $filter: ResultsFilter, $ids: [ID!]) {
  questionnaireResults(questionnaireId: $q, filter: $filter) {
    minCell responseCount suppressed questionnaire { id }
    questions(ids: $ids) {
      questionId type suppressed answered unanswered values rows counts
      number { count mean min max bucketFrom bucketTo }
    }
  }
}`;
const CROSS = `query ($q: ID!, $filter: ResultsFilter, $r: ID!, $c: ID!) {
  questionnaireResults(questionnaireId: $q, filter: $filter) {
    crossTab(rowQuestionId: $r, columnQuestionId: $c) {
      rowQuestionId columnQuestionId suppressed responseCount rowValues columnValues counts rowTotals columnTotals
    }
  }
}`;
const RATES = `query ($c: ID!) {
  campaignResponseRates(campaignId: $c) {
    campaignId questionnaireId minCell audience responded rate suppressed
    economies { economy audience responded rate suppressed }
  }
}`;
const LIST = `query ($q: ID!, $filter: ResultsFilter, $first: Int, $after: String) {
  submittedResponses(questionnaireId: $q, filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id status cluster { id } answers { questionId value } }
  }
}`;
const EXPORT = `query ($q: ID!, $filter: ResultsFilter, $format: ExportFormat) {
  responseExport(questionnaireId: $q, filter: $filter, format: $format) { format contentType filename rowCount columns content }
}`;

interface QuestionView {
  questionId: string;
  type: string;
  suppressed: boolean;
  answered: number | null;
  unanswered: number | null;
  values: string[];
  rows: (string | null)[];
  counts: (number | null)[];
  number: {
    count: number | null;
    mean: number | null;
    min: number | null;
    max: number | null;
    bucketFrom: (number | null)[];
    bucketTo: (number | null)[];
  } | null;
}

async function results(
  questionnaireId: string,
  filter?: Record<string, unknown>,
  caller: Caller = ANONYMOUS,
) {
  const { data, errors } = await h.run(RESULTS, { q: questionnaireId, filter }, caller);
  expect(errors).toBeUndefined();
  const r = data.questionnaireResults;
  return {
    ...r,
    byId: Object.fromEntries(r.questions.map((q: QuestionView) => [q.questionId, q])) as Record<
      string,
      QuestionView
    >,
  };
}

/** value → count of a distribution, for the values that were counted. */
const countsOf = (q: QuestionView) => Object.fromEntries(q.values.map((v, i) => [v, q.counts[i]]));
const codes = (results: { errors?: { extensions: { code: string } }[] }[]) =>
  results.map((r) => r.errors?.[0]?.extensions.code);

describe('distributions', () => {
  it('When anyone, signed in or not, asks for results, then every question type is counted by the values its definition lists', async () => {
    const r = await results(Q);

    expect(r).toMatchObject({ minCell: K, responseCount: 20, suppressed: false, questionnaire: { id: Q } });
    expect(r.questions.map((q: QuestionView) => q.questionId)).toEqual([
      'stage',
      'regions',
      'share',
      'satisfaction',
      'rating',
      'strategy',
      'partner',
      'comment',
    ]);
    const { stage, regions, share, satisfaction, rating, strategy, partner, comment } = r.byId;
    expect(stage).toMatchObject({ type: 'SINGLE_CHOICE', suppressed: false, answered: 20, unanswered: 0 });
    expect(countsOf(stage!)).toEqual({ none: 5, exploring: 10, occasional: 0, established: 5 });
    expect(regions).toMatchObject({ type: 'MULTIPLE_CHOICE', answered: 20 });
    expect(countsOf(regions!)).toEqual({ asia: 20, america: 0, europe: 10, oceania: 0 });
    expect(share!.values).toHaveLength(10);
    expect(share!.counts).toEqual([0, 10, 0, 0, 0, 10, 0, 0, 0, 0]);
    expect(share!.number).toEqual({
      count: 20,
      mean: 35,
      min: 15,
      max: 55,
      bucketFrom: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90],
      bucketTo: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
    });
    expect(satisfaction).toMatchObject({
      type: 'SCALE',
      answered: 15,
      unanswered: 5,
      values: ['1', '2', '3', '4', '5'],
    });
    expect(satisfaction!.counts).toEqual([0, 0, 0, 10, 5]);
    expect(satisfaction!.number).toMatchObject({ count: 15, mean: 4.333333333, bucketFrom: [1, 2, 3, 4, 5] });
    expect(rating).toMatchObject({ type: 'MATRIX', answered: 20, unanswered: 0 });
    expect(rating!.rows).toEqual(['speed', 'speed', 'speed', 'quality', 'quality', 'quality']);
    expect(rating!.values).toEqual(['low', 'mid', 'high', 'low', 'mid', 'high']);
    expect(rating!.counts).toEqual([0, 10, 10, 0, 0, 15]);
    expect(strategy).toMatchObject({ type: 'YES_NO', values: ['true', 'false'], counts: [15, 5] });
    expect(partner!.values).toHaveLength(21);
    expect(countsOf(partner!)).toMatchObject({ CN: 10, RU: 10, JP: 0 });
    expect(comment).toMatchObject({ type: 'TEXT', answered: 6, unanswered: 14, values: [], counts: [] });
    expect(r.byId['respondent-email']).toBeUndefined();
  });

  it('When questions are named, then only those come back; a personal or unknown one is BAD_USER_INPUT naming ids', async () => {
    const { data } = await h.run(RESULTS, { q: Q, ids: ['strategy', 'stage'] });
    const personal = await h.run(RESULTS, { q: Q, ids: ['respondent-email'] });
    const unknown = await h.run(RESULTS, { q: Q, ids: ['no-such-question'] });

    expect(data.questionnaireResults.questions.map((q: QuestionView) => q.questionId)).toEqual([
      'stage',
      'strategy',
    ]);
    for (const { errors } of [personal, unknown]) {
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    }
  });

  it('When responses are filtered by economy, specialization (a parent code selects its children), member type and campaign, then only theirs are counted', async () => {
    const ru = await results(Q, { economies: ['RU'] });
    const agrifood = await results(Q, { specializations: ['agrifood'] });
    const ict = await results(Q, { specializations: ['ict'] });
    const sme = await results(Q, { memberTypes: ['SME'] });
    const campaign = await results(Q, { campaignIds: [CAMPAIGN_A] });
    const otherCampaign = await results(Q, { campaignIds: [CAMPAIGN_B] });
    const both = await results(Q, { economies: ['RU'], specializations: ['agrifood'] });

    expect(ru.responseCount).toBe(10);
    expect(countsOf(ru.byId.stage!)).toEqual({ none: 0, exploring: 5, occasional: 0, established: 5 });
    expect(agrifood.responseCount).toBe(10);
    expect(countsOf(agrifood.byId.stage!)).toEqual({ none: 0, exploring: 10, occasional: 0, established: 0 });
    expect(ict.responseCount).toBe(10);
    expect(countsOf(ict.byId.stage!)).toEqual({ none: 5, exploring: 0, occasional: 0, established: 5 });
    expect(sme.responseCount).toBe(10);
    expect(countsOf(sme.byId.partner!)).toMatchObject({ RU: 10, CN: 0 });
    expect(campaign.responseCount).toBe(20);
    expect(otherCampaign).toMatchObject({ responseCount: 0, suppressed: false });
    expect(both.responseCount).toBe(5);
    expect(countsOf(both.byId.stage!)).toEqual({ none: 0, exploring: 5, occasional: 0, established: 0 });
  });

  it('When a filter names an unknown economy, specialization or questionnaire, then BAD_USER_INPUT names the field', async () => {
    const economy = await h.run(RESULTS, { q: Q, filter: { economies: ['RU', 'XX'] } });
    const specialization = await h.run(RESULTS, { q: Q, filter: { specializations: ['no-such-code'] } });
    const questionnaire = await h.run(RESULTS, { q: 'no-such-questionnaire' });

    expect(economy.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.economies.1',
    });
    expect(specialization.errors?.[0]?.extensions).toMatchObject({ field: 'filter.specializations.0' });
    expect(questionnaire.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'questionnaireId',
    });
  });
});

describe('cross-tabulations', () => {
  it('When two questions are crossed, then each response is counted once per pair, with "(no answer)" rows and columns', async () => {
    const { data, errors } = await h.run(CROSS, { q: Q, r: 'stage', c: 'rating.speed' });

    expect(errors).toBeUndefined();
    expect(data.questionnaireResults.crossTab).toEqual({
      rowQuestionId: 'stage',
      columnQuestionId: 'rating.speed',
      suppressed: false,
      responseCount: 20,
      rowValues: ['none', 'exploring', 'occasional', 'established', '(no answer)'],
      columnValues: ['low', 'mid', 'high', '(no answer)'],
      // none: CN mid; exploring: 5 RU high + 5 CN mid; established: RU high.
      counts: [0, 5, 0, 0, 0, 5, 5, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0],
      rowTotals: [5, 10, 0, 5, 0],
      columnTotals: [0, 10, 10, 0],
    });
  });

  it('When a cross-tabulation names a text question, a whole matrix, a question twice or an unknown one, then BAD_USER_INPUT names the argument', async () => {
    const asked = await Promise.all([
      h.run(CROSS, { q: Q, r: 'comment', c: 'stage' }),
      h.run(CROSS, { q: Q, r: 'stage', c: 'rating' }),
      h.run(CROSS, { q: Q, r: 'stage', c: 'stage' }),
      h.run(CROSS, { q: Q, r: 'rating.nope', c: 'stage' }),
    ]);

    expect(asked.map((r) => r.errors?.[0]?.extensions.field)).toEqual([
      'rowQuestionId',
      'columnQuestionId',
      'columnQuestionId',
      'rowQuestionId',
    ]);
    expect(codes(asked)).toEqual(Array(4).fill('BAD_USER_INPUT'));
  });
});

describe('small-cell suppression', () => {
  it('When a selection holds fewer than k responses, then its count and every breakdown are withheld (null, suppressed)', async () => {
    const jp = await results(S, { economies: ['JP'] });
    const { data } = await h.run(CROSS, { q: S, filter: { economies: ['JP'] }, r: 'stage', c: 'strategy' });

    expect(jp).toMatchObject({ responseCount: null, suppressed: true });
    for (const q of jp.questions as QuestionView[]) {
      expect(q).toMatchObject({ suppressed: true, answered: null, unanswered: null });
      expect(q.counts.every((c) => c === null)).toBe(true);
      if (q.number) expect(q.number).toMatchObject({ count: null, mean: null, min: null, max: null });
    }
    expect(data.questionnaireResults.crossTab).toMatchObject({ suppressed: true, responseCount: null });
    expect(data.questionnaireResults.crossTab.counts.every((c: number | null) => c === null)).toBe(true);
  });

  it('When a selection differs by fewer than k responses from one a criterion or value away, then it is withheld too', async () => {
    // All 13 minus RU's 10 would single out JP's 3; RU+JP minus RU the same.
    const ru = await results(S, { economies: ['RU'] });
    const ruAndJp = await results(S, { economies: ['RU', 'JP'] });
    const all = await results(S);
    const mainRu = await results(Q, { economies: ['RU'] });

    expect(ru).toMatchObject({ responseCount: null, suppressed: true });
    expect(ruAndJp).toMatchObject({ responseCount: null, suppressed: true });
    expect(all).toMatchObject({ responseCount: 13, suppressed: false });
    expect(mainRu).toMatchObject({ responseCount: 10, suppressed: false });
  });

  it('When one cell of a single choice is small, then it and the next smallest are withheld, so the total cannot give it away', async () => {
    const { byId } = await results(S);

    // none 2 (small), established 5 (withheld with it), exploring 6, occasional 0.
    expect(countsOf(byId.stage!)).toEqual({ none: null, exploring: 6, occasional: 0, established: null });
    expect(byId.stage).toMatchObject({ answered: 13, unanswered: 0, suppressed: false });
  });

  it('When an option of a multiple choice, or the number who did not choose it, is small, then its count is withheld', async () => {
    const { byId } = await results(S);

    // asia 11 of 13 (2 did not choose it), america 3, europe 6, oceania 0.
    expect(countsOf(byId.regions!)).toEqual({ asia: null, america: null, europe: 6, oceania: 0 });
  });

  it('When numbers are summarized, then min and max are the k-th smallest and largest and small buckets are withheld', async () => {
    const { byId } = await results(S);

    expect(byId.share!.number).toMatchObject({ count: 13, min: 5, max: 9 });
    expect(byId.share!.counts).toEqual([9, null, 0, 0, 0, 0, 0, 0, 0, null]);
  });

  it('When fewer than k responses answered a question, then all its counts, answered and unanswered are withheld', async () => {
    const { byId } = await results(S);

    expect(byId.satisfaction).toMatchObject({ suppressed: true, answered: null, unanswered: null });
    expect(byId.satisfaction!.counts).toEqual([0, 0, 0, 0, null]);
    expect(byId.satisfaction!.number).toMatchObject({ count: null, mean: null, min: null, max: null });
  });

  it('When a cross-tabulation has small cells, then every line with a shown total has none or at least two withheld', async () => {
    const { data } = await h.run(CROSS, { q: S, r: 'stage', c: 'strategy' });
    const t = data.questionnaireResults.crossTab;

    expect(t.rowTotals).toEqual([null, 6, 0, null, 0]);
    expect(t.columnTotals).toEqual([8, 5, 0]);
    // none: 1/1, exploring: 5/1, established: 2/3 — the 5 goes with exploring's 1.
    expect(t.counts).toEqual([null, null, 0, null, null, 0, 0, 0, 0, null, null, 0, 0, 0, 0]);
    const width = t.columnValues.length;
    const lines = [
      ...t.rowValues.map((_: string, r: number) => ({
        total: t.rowTotals[r],
        cells: t.counts.slice(r * width, (r + 1) * width),
      })),
      ...t.columnValues.map((_: string, c: number) => ({
        total: t.columnTotals[c],
        cells: t.rowValues.map((_: string, r: number) => t.counts[r * width + c]),
      })),
    ];
    for (const { total, cells } of lines) {
      if (total === null) continue;
      expect([0, 2, 3, 4, 5]).toContain(cells.filter((c: number | null) => c === null).length);
    }
    for (const c of t.counts) if (c !== null) expect(c === 0 || c >= K).toBe(true);
  });

  it('When the rule is applied to bare lines and tables, then complementary cells are chosen among those counting somebody first', () => {
    expect(suppressPartition([7, 2, 0, 9], K)).toEqual([true, true, false, false]);
    expect(suppressPartition([12, 0, 0], K)).toEqual([false, false, false]);
    expect(suppressPartition([3, 4, 10], K)).toEqual([true, true, false]);
    // A 2 × 2 table with shown totals: the 1 pulls in its row's and column's partners, then the fourth cell.
    expect(
      suppressTable(
        [1, 9, 9, 9],
        { rows: [false, false], columns: [false, false] },
        { rows: true, columns: true },
        K,
      ),
    ).toEqual([true, true, true, true]);
  });
});

describe('response rates', () => {
  it('When a campaign has responses, then its rate in all and per economy is distinct responding clusters over those asked', async () => {
    const { data, errors } = await h.run(RATES, { c: CAMPAIGN_A });

    expect(errors).toBeUndefined();
    expect(data.campaignResponseRates).toEqual({
      campaignId: CAMPAIGN_A,
      questionnaireId: Q,
      minCell: K,
      audience: 27,
      responded: 20,
      rate: 0.7407,
      suppressed: false,
      economies: [
        { economy: 'CN', audience: 15, responded: 10, rate: 0.6667, suppressed: false },
        { economy: 'RU', audience: 12, responded: 10, rate: 0.8333, suppressed: false },
      ],
    });
  });

  it("When an economy's responding count is small, then it and the next smallest are withheld; the total stays", async () => {
    const { data } = await h.run(RATES, { c: CAMPAIGN_B });
    const unknown = await h.run(RATES, { c: 'no-such-campaign' });

    expect(data.campaignResponseRates).toMatchObject({
      audience: 21,
      responded: 13,
      rate: 0.619,
      suppressed: false,
    });
    expect(data.campaignResponseRates.economies).toEqual([
      { economy: 'CN', audience: 5, responded: 0, rate: 0, suppressed: false },
      { economy: 'JP', audience: 4, responded: null, rate: null, suppressed: true },
      { economy: 'RU', audience: 12, responded: null, rate: null, suppressed: true },
    ]);
    expect(unknown).toMatchObject({ data: { campaignResponseRates: null } });
  });
});

describe('individual responses and exports: who may read them', () => {
  it('When the secretariat lists responses, then it gets all of them a page at a time in submission order', async () => {
    const first = await h.run(LIST, { q: Q, first: 8 }, secretariat);
    const second = await h.run(
      LIST,
      { q: Q, first: 8, after: first.data.submittedResponses.pageInfo.endCursor },
      secretariat,
    );
    const third = await h.run(
      LIST,
      { q: Q, first: 8, after: second.data.submittedResponses.pageInfo.endCursor },
      secretariat,
    );

    const pages = [first, second, third].map((r) => r.data.submittedResponses);
    expect(pages.map((p) => p.totalCount)).toEqual([20, 20, 20]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(pages.flatMap((p) => p.nodes.map((n: { id: string }) => n.id))).toEqual(main.map((d) => d._id));
    expect(pages[0].nodes[0]).toMatchObject({ status: 'SUBMITTED', cluster: { id: main[0]!.clusterId } });
    expect(pages[0].nodes[0].answers).toContainEqual({ questionId: 'stage', value: '"exploring"' });
  });

  it("When a cluster's manager or an economy's coordinator lists or exports, then they get exactly their cluster's or economy's responses", async () => {
    const mine = main[3]!;
    const manager = managerOf(mine.clusterId);

    const managed = await h.run(LIST, { q: Q }, manager);
    const coordinated = await h.run(LIST, { q: Q, first: 200 }, coordinatorOf('CN'));
    const elsewhere = await h.run(LIST, { q: Q }, coordinatorOf('JP'));
    const exported = await h.run(EXPORT, { q: Q, format: 'JSON' }, manager);

    expect(managed.data.submittedResponses.nodes.map((n: { id: string }) => n.id)).toEqual([mine._id]);
    expect(coordinated.data.submittedResponses.totalCount).toBe(10);
    expect(coordinated.data.submittedResponses.nodes.map((n: { id: string }) => n.id)).toEqual(
      main.filter((d) => d.economy === 'CN').map((d) => d._id),
    );
    expect(elsewhere.data.submittedResponses).toMatchObject({ totalCount: 0, nodes: [] });
    expect(exported.data.responseExport.rowCount).toBe(1);
    expect(JSON.parse(exported.data.responseExport.content)[0].responseId).toBe(mine._id);
  });

  it('When a member, an API client or an anonymous caller lists or exports, then FORBIDDEN (UNAUTHENTICATED when anonymous) and nothing is returned', async () => {
    const apiClient: Caller = { subject: 'api-client-1', kind: 'api-client', grants: [] };
    const asked = await Promise.all(
      [member, apiClient, ANONYMOUS].flatMap((caller) => [
        h.run(LIST, { q: Q }, caller),
        h.run(EXPORT, { q: Q }, caller),
      ]),
    );

    expect(codes(asked)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
    ]);
    for (const r of asked) expect(r.data).toBeNull();
  });

  it('When a page size is out of range or a cursor was not given by the list, then BAD_USER_INPUT names it', async () => {
    const size = await h.run(LIST, { q: Q, first: 500 }, secretariat);
    const cursor = await h.run(LIST, { q: Q, after: 'not-a-cursor' }, secretariat);

    expect(size.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(cursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

const COLUMNS = [
  'responseId',
  'campaignId',
  'questionnaireId',
  'questionnaireVersion',
  'clusterId',
  'economy',
  'submittedAt',
  'stage',
  'regions',
  'share',
  'satisfaction',
  'rating.speed',
  'rating.quality',
  'strategy',
  'partner',
  'comment',
];

describe('exports', () => {
  it('When responses are exported as CSV, then there is one row per response under stable columns, multiple answers joined and formulas guarded', async () => {
    const { data, errors } = await h.run(EXPORT, { q: Q }, secretariat);
    const narrow = await h.run(EXPORT, { q: Q, filter: { economies: ['CN'] } }, secretariat);

    expect(errors).toBeUndefined();
    const file = data.responseExport;
    expect(file).toMatchObject({
      format: 'CSV',
      contentType: 'text/csv; charset=utf-8',
      rowCount: 20,
      columns: COLUMNS,
    });
    expect(file.filename).toMatch(/^workshop-feedback-v77-responses-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.content).toContain('\'=HYPERLINK(""http://evil.example"")');
    const [header, first, ...rest] = parseCsv(file.content);
    expect(header!.cells).toEqual(COLUMNS);
    expect(rest).toHaveLength(19);
    expect(first!.cells).toEqual([
      main[0]!._id,
      CAMPAIGN_A,
      Q,
      '77',
      main[0]!.clusterId,
      'RU',
      main[0]!.submittedAt!.toISOString(),
      'exploring',
      'asia;europe',
      '15',
      '4',
      'high',
      'high',
      'true',
      'CN',
      '=HYPERLINK("http://evil.example")',
    ]);
    expect(narrow.data.responseExport.columns).toEqual(COLUMNS);
    expect(narrow.data.responseExport.rowCount).toBe(10);
  });

  it('When responses are exported as JSON, then each row has every column, typed, unanswered ones null', async () => {
    const { data } = await h.run(EXPORT, { q: Q, format: 'JSON' }, secretariat);
    const rows = JSON.parse(data.responseExport.content) as Record<string, unknown>[];

    expect(data.responseExport).toMatchObject({
      format: 'JSON',
      contentType: 'application/json',
      rowCount: 20,
    });
    for (const row of rows) expect(Object.keys(row)).toEqual(COLUMNS);
    expect(rows[19]).toMatchObject({
      responseId: main[19]!._id,
      economy: 'CN',
      questionnaireVersion: 77,
      regions: ['asia'],
      share: 55,
      satisfaction: null,
      'rating.speed': 'mid',
      'rating.quality': null,
      strategy: false,
      comment: null,
    });
  });
});

describe("a respondent's erasure", () => {
  it('When a user is erased, then their ids and personal answers leave the responses, and the answers, results and exports stay as they were', async () => {
    const leaving = `user-${randomUUID()}`;
    const address = `Leaving.Person+${randomUUID().slice(0, 6)}@example.org`;
    const own = await respond(Q, { economy: 'KR', by: leaving, email: address, answers: { stage: 'none' } });
    const typedIn = await respond(Q, {
      economy: 'KR',
      email: `  ${address.toLowerCase()} `,
      answers: { stage: 'none' },
    });
    const other = await respond(Q, {
      economy: 'KR',
      email: 'someone.else@example.org',
      answers: { stage: 'none' },
    });
    const before = await results(Q);
    const exportBefore = (await h.run(EXPORT, { q: Q, format: 'JSON' }, secretariat)).data.responseExport
      .content;
    const event = makeEvent({
      service: 'accounts',
      type: 'ccp.accounts.user.erased.v1',
      subject: leaving,
      sequence: 3,
      data: {
        userId: leaving,
        erasedAt: new Date().toISOString(),
        emailDigest: emailDigest(address, LOCAL_ERASURE_KEY),
      },
    });

    expect(await h.server.applyUserEvent(event)).toBe('applied');
    await h.server.applyUserEvent(event);

    const read = (id: string) => h.server.deps.responses.findById(id).lean<ResponseDocument>();
    const [ownAfter, typedInAfter, otherAfter] = await Promise.all([
      read(own._id),
      read(typedIn._id),
      read(other._id),
    ]);
    expect(ownAfter!.respondent).toEqual({
      createdBy: 'erased-user',
      updatedBy: 'erased-user',
      submittedBy: 'erased-user',
      answers: [],
    });
    expect(typedInAfter!.respondent.answers).toEqual([]);
    expect(typedInAfter!.respondent.submittedBy).toBe(typedIn.respondent.submittedBy);
    expect(otherAfter!.respondent).toEqual(other.respondent);
    expect(ownAfter!.answers).toEqual(own.answers);
    expect(await results(Q)).toEqual(before);
    expect((await h.run(EXPORT, { q: Q, format: 'JSON' }, secretariat)).data.responseExport.content).toBe(
      exportBefore,
    );
  });
});

describe('the read model', () => {
  it('When a submitted event is delivered again, then it changes nothing', async () => {
    const before = await results(Q);
    const size = model().size;

    const again = await Promise.all(main.slice(0, 3).map((d) => model().applyEvent(submittedEvent(d))));

    expect(again).toEqual([false, false, false]);
    expect(model().size).toBe(size);
    expect(await results(Q)).toEqual(before);
  });

  it('When the service restarts, then the model loaded from the responses and cluster facts gives the same results', async () => {
    const before = await results(Q, { specializations: ['agrifood'] });
    const conn = h.server.deps.responses.db;
    const reloaded = new ResultsReadModel(responseModel(conn), clusterFactsModel(conn));

    await reloaded.load();
    const live = h.server.deps.results.model;
    h.server.deps.results.model = reloaded;
    try {
      expect(reloaded.size).toBe(live.size);
      expect(await results(Q, { specializations: ['agrifood'] })).toEqual(before);
    } finally {
      h.server.deps.results.model = live;
    }
  });

  it('When submitted and cluster events arrive on the topics it follows, then the model takes them in', async () => {
    const topics = {
      response: await createTestTopic(h.kafka, 'results-responses'),
      cluster: await createTestTopic(h.kafka, 'results-clusters'),
    };
    const conn = h.server.deps.responses.db;
    const follower = new ResultsReadModel(responseModel(conn), clusterFactsModel(conn), undefined, topics);
    const producer = h.kafka.producer();
    await producer.connect();
    try {
      await follower.load(h.kafka);
      await follower.follow(h.kafka, `ccp-surveys-results-test-${randomUUID()}`);
      const doc = await respond(Q, {
        economy: 'PE',
        specializations: ['ocean'],
        answers: { stage: 'established' },
      });
      const send = (topic: string, event: { subject: string }) =>
        producer.send({ topic, messages: [{ key: event.subject, value: JSON.stringify(event) }] });
      await send(topics.cluster, profileEvent(doc.clusterId, 'PE', ['ocean.fisheries'], ['SME']));
      await send(topics.response, submittedEvent(doc));

      const selected = () => {
        const table = follower.table('workshop-feedback');
        if (!table) return [];
        const rows = follower.select(table, {
          questionnaireIds: new Set([Q]),
          specializations: ['ocean'],
          memberTypes: ['SME'],
        });
        return rows.map((r) => table.ids[r]);
      };
      await waitFor(() => (selected().length ? true : undefined), {
        what: 'the followed response and profile',
      });
      expect(selected()).toEqual([doc._id]);
    } finally {
      await follower.stop();
      await producer.disconnect();
      await Promise.all(Object.values(topics).map((t) => deleteTestTopic(h.kafka, t)));
    }
  });

  it('When an older cluster event arrives after a newer one, then the newer profile stays', async () => {
    const doc = await respond(Q, { economy: 'CL', specializations: ['mining'], answers: { stage: 'none' } });
    const newer = { ...profileEvent(doc.clusterId, 'CL', ['tourism'], ['OTHER']), sequence: 5 };
    const older = { ...profileEvent(doc.clusterId, 'CL', ['mining'], ['SME']), sequence: 4 };

    expect(await model().applyEvent(newer)).toBe(true);
    expect(await model().applyEvent(older)).toBe(false);

    const table = model().table('workshop-feedback')!;
    const ids = (specializations: string[]) =>
      model()
        .select(table, { questionnaireIds: new Set([Q]), specializations })
        .map((r) => table.ids[r]);
    expect(ids(['tourism'])).toContain(doc._id);
    expect(ids(['mining'])).not.toContain(doc._id);
  });
});

describe('who may read results', () => {
  it('When a member, a coordinator and an anonymous caller ask for the same results, then all get the same suppressed figures', async () => {
    const asked = await Promise.all(
      [ANONYMOUS, member, coordinatorOf('RU'), user('user-analyst', [{ role: 'analyst' }])].map((caller) =>
        h.run(RESULTS, { q: S }, caller),
      ),
    );

    for (const r of asked) expect(r.errors).toBeUndefined();
    expect(new Set(asked.map((r) => JSON.stringify(r.data))).size).toBe(1);
    expect(asked[0]!.data.questionnaireResults.questions[0].counts).toContain(null);
  });
});
