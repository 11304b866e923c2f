import { randomUUID } from 'node:crypto';
import { ANONYMOUS, type Caller, EventValidator, makeEvent, TOPICS } from '@ccp/kit';
import { collectEvents } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAnswers, encodeAnswer } from '../src/domain/answers.js';
import { advanceCampaign } from '../src/domain/campaign-worker.js';
import { followUpCampaignId } from '../src/model/campaign.js';
import type { ResponseDocument } from '../src/model/response.js';
import { defineQuestionnaire } from '../src/questionnaires/definition.js';
import {
  coordinatorOf,
  managerOf,
  member,
  publishedCluster,
  type SurveysHarness,
  secretariat,
  startSurveys,
} from './harness.js';

const DAY = 24 * 60 * 60 * 1000;
const V2 = 'internationalization-v2';
const validator = new EventValidator();
const apiClient: Caller = { subject: 'api-client-1', kind: 'api-client', grants: [] };

const RESPONSE = `id status version campaignId collaborationId submittedAt questionnaire { id } cluster { id }
  answers { questionId value }`;
const SAVE = `mutation ($input: SaveResponseDraftInput!) { saveResponseDraft(input: $input) { ${RESPONSE} } }`;
const SUBMIT = `mutation ($q: ID, $c: ID!, $campaign: ID, $answers: [AnswerInput!], $v: Int) {
  submitResponse(questionnaireId: $q, clusterId: $c, campaignId: $campaign, answers: $answers, expectedVersion: $v) { ${RESPONSE} }
}`;
const READ = `query ($campaign: ID, $q: ID, $c: ID!) {
  questionnaireResponse(campaignId: $campaign, questionnaireId: $q, clusterId: $c) { id answers { questionId value } }
}`;

type Answer = { questionId: string; value: string | null };

/** Every question internationalization v2 requires when "barriers" names some barriers. */
const COMPLETE_V2: Answer[] = [
  { questionId: 'international-stage', value: '"exploring"' },
  { questionId: 'internationalization-strategy', value: 'false' },
  { questionId: 'international-importance', value: '4' },
  { questionId: 'priority-economies', value: '["CN","VN"]' },
  { questionId: 'market-knowledge', value: '"basic"' },
  { questionId: 'international-memberships', value: 'true' },
  { questionId: 'cooperation-forms', value: '["joint-rd"]' },
  { questionId: 'barriers', value: '["overseas-market-knowledge","vague-projects"]' },
  {
    questionId: 'barrier-severity',
    value: JSON.stringify({
      'overseas-market-knowledge': 'major',
      'business-practices': 'moderate',
      'finance-and-staff': 'major',
      'legal-and-technological-differences': 'minor',
      'vague-projects': 'not-a-barrier',
    }),
  },
  { questionId: 'support-needs', value: '["partner-search","funding"]' },
  { questionId: 'support-received', value: 'false' },
];

/** A follow-up that went ahead, with its success story told (or not). */
const followUpAnswers = (story: boolean): Answer[] => [
  { questionId: 'collaboration-status', value: '"active"' },
  { questionId: 'collaboration-activities', value: '["joint-rd","trade"]' },
  { questionId: 'partner-economies', value: '["PE","JP"]' },
  { questionId: 'outcomes', value: '["joint-project","contracts"]' },
  { questionId: 'contracts-value', value: '250' },
  { questionId: 'contribution', value: '{"market-access":"significant","knowledge":"some"}' },
  { questionId: 'satisfaction', value: '5' },
  { questionId: 'success-story', value: String(story) },
  ...(story
    ? [
        { questionId: 'story-title', value: 'Composite parts for a Peruvian mining supplier' },
        {
          questionId: 'story-summary',
          value: 'Two clusters built a joint test bench and won a first contract.',
        },
      ]
    : []),
  { questionId: 'further-plans', value: 'true' },
];

let h: SurveysHarness;

beforeAll(async () => {
  h = await startSurveys('surveys-answering');
});

afterAll(async () => {
  await h?.stop();
});

const codeOf = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;
const extensionsOf = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  r.errors?.[0]?.extensions;
const stored = (id: string) => h.server.deps.responses.findById(id).lean<ResponseDocument>();
const responsesOf = (clusterId: string) => h.server.deps.responses.countDocuments({ clusterId });

const save = (input: Record<string, unknown>, caller: Caller) => h.run(SAVE, { input }, caller);
const submit = (
  vars: { c: string; campaign?: string; q?: string; answers?: Answer[]; v?: number },
  caller: Caller,
) => h.run(SUBMIT, vars, caller);

/** An open campaign of `questionnaireId` asking `clusterIds`, created and opened by the secretariat. */
async function openCampaign(clusterIds: string[], questionnaireId = V2): Promise<string> {
  const created = await h.run(
    `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`,
    {
      input: {
        questionnaireId,
        title: { en: 'Internationalization 2026', ru: 'Интернационализация 2026' },
        audience: { clusterIds },
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
      },
    },
    secretariat,
  );
  expect(created.errors).toBeUndefined();
  const id = created.data.createCampaign.id as string;
  const opened = await h.run(`mutation ($id: ID!) { openCampaign(id: $id) { status } }`, { id }, secretariat);
  expect(opened.data?.openCampaign.status).toBe('OPEN');
  return id;
}

/** A collaboration agreed a year and a day ago, and its follow-up campaign opened by the service. */
async function openFollowUp(clusterIds: [string, string], economies: [string, string]) {
  const collaborationId = randomUUID();
  const agreedAt = new Date(Date.now() - 366 * DAY);
  await h.server.applyCollaborationEvent(
    makeEvent({
      service: 'matchmaking',
      type: 'ccp.matchmaking.collaboration.agreed.v1',
      subject: collaborationId,
      sequence: 1,
      economy: economies[0],
      time: agreedAt,
      data: {
        collaborationId,
        clusterIds,
        economies,
        origin: 'match-request',
        originId: randomUUID(),
        agreedAt: agreedAt.toISOString(),
      },
    }),
  );
  const campaignId = followUpCampaignId(collaborationId);
  expect(await advanceCampaign(h.server.deps, campaignId)).toBe('opened');
  return { campaignId, collaborationId };
}

/** Starts collecting the response events of one response; `count` more than expected proves there is no extra. */
async function responseEvents(responseId: string, count = 1, timeoutMs = 20_000) {
  const collector = await collectEvents(h.kafka, TOPICS.response, (e) => e.subject === responseId, {
    count,
    timeoutMs,
  });
  await collector.start();
  return collector.done;
}

describe('answer types', () => {
  const o = (value: string) => ({ value, label: { en: value, ru: `${value} (ru)` } });
  const t = (en: string) => ({ en, ru: `${en} (ru)` });
  const allTypes = defineQuestionnaire({
    kind: 'workshop-feedback',
    version: 50,
    title: t('Every type'),
    sections: [
      {
        id: 's',
        title: t('S'),
        questions: [
          { id: 'one', type: 'single-choice', text: t('One'), options: [o('a'), o('b')] },
          {
            id: 'many',
            type: 'multiple-choice',
            minSelections: 2,
            maxSelections: 3,
            text: t('Many'),
            options: [o('a'), o('b'), o('c'), o('d')],
          },
          { id: 'words', type: 'text', maxLength: 10, text: t('Words') },
          { id: 'mail', type: 'text', format: 'email', text: t('Mail') },
          { id: 'count', type: 'number', integer: true, min: 0, max: 10, text: t('Count') },
          { id: 'share', type: 'number', min: 0, max: 100, text: t('Share') },
          { id: 'rating', type: 'scale', min: 1, max: 5, text: t('Rating') },
          {
            id: 'grid',
            type: 'matrix',
            rows: [o('r1'), o('r2')],
            options: [o('low'), o('high')],
            text: t('Grid'),
          },
          { id: 'economy', type: 'economy', text: t('Economy') },
          { id: 'country', type: 'economy', economyScope: 'any', text: t('Country') },
          { id: 'economies', type: 'economy', multiple: true, maxSelections: 2, text: t('Economies') },
          { id: 'agree', type: 'yes-no', text: t('Agree') },
        ],
      },
    ],
  });

  it('When an answer of each type is valid, then it is decoded and encoded back the way the graph shows it (choices in a stable order)', () => {
    const cases: [string, string, unknown, string][] = [
      ['one', '"b"', 'b', '"b"'],
      ['many', '["c","a"]', ['a', 'c'], '["a","c"]'],
      ['words', '  hello  ', 'hello', 'hello'],
      ['mail', 'manager@cluster.example.org', 'manager@cluster.example.org', 'manager@cluster.example.org'],
      ['count', '3', 3, '3'],
      ['share', '12.5', 12.5, '12.5'],
      ['rating', '5', 5, '5'],
      ['grid', '{"r2":"high","r1":"low"}', { r1: 'low', r2: 'high' }, '{"r1":"low","r2":"high"}'],
      ['economy', '"VN"', 'VN', '"VN"'],
      ['country', '"FR"', 'FR', '"FR"'],
      ['economies', '["VN","CN"]', ['CN', 'VN'], '["CN","VN"]'],
      ['agree', 'false', false, 'false'],
    ];

    for (const [questionId, raw, value, wire] of cases) {
      const { changes, problems } = decodeAnswers(allTypes, [{ questionId, value: raw }]);
      expect(problems, questionId).toEqual([]);
      const answer = changes.get(questionId)!;
      expect(answer.value, questionId).toEqual(value);
      expect(encodeAnswer(answer), questionId).toBe(wire);
    }
  });

  it('When an answer of each type is invalid, then its question gets one problem with a reason a respondent can act on', () => {
    const cases: [string, string, string][] = [
      ['one', '"z"', '"z" is not an option of this question'],
      ['one', 'b', 'must be JSON-encoded, e.g. "a"'],
      ['many', '["a"]', 'must choose at least 2'],
      ['many', '["a","b","c","d"]', 'must choose at most 3'],
      ['many', '["a","a"]', 'must not choose the same one twice'],
      ['many', '[]', 'must choose at least one (send null to clear the answer)'],
      ['many', '["a","x"]', '"x" not options of this question'],
      ['words', 'eleven chars', 'must be at most 10 characters'],
      ['words', '<b>x</b>', 'must not contain HTML tags or script (plain text or markdown only)'],
      ['words', '   ', 'must not be empty (send null to clear the answer)'],
      ['mail', 'not-an-address', 'must be an e-mail address'],
      ['count', '2.5', 'must be a whole number'],
      ['count', '11', 'must be at most 10'],
      ['count', '"3"', 'must be a number'],
      ['share', '-1', 'must be at least 0'],
      ['rating', '6', 'must be a whole number from 1 to 5'],
      ['rating', '2.5', 'must be a whole number from 1 to 5'],
      ['grid', '{"r3":"low"}', '"r3" not rows of this question'],
      ['grid', '{"r1":"mid"}', 'rows "r1" must each be one column value'],
      ['grid', '["low"]', 'must be a JSON object of row → column, e.g. {"r1":"low"}'],
      ['grid', '{}', 'must answer at least one row (send null to clear the answer)'],
      ['economy', '"FR"', '"FR" is not one of the APEC economy codes'],
      ['country', '"XX"', '"XX" is not one of the ISO 3166-1 alpha-2 country codes'],
      ['country', '"vn"', '"vn" is not one of the ISO 3166-1 alpha-2 country codes'],
      ['economies', '["VN","CN","JP"]', 'must choose at most 2'],
      ['economies', '["VN","EU"]', '"EU" not APEC economy codes'],
      ['agree', '"yes"', 'must be true or false'],
    ];

    for (const [questionId, raw, reason] of cases) {
      const { changes, problems } = decodeAnswers(allTypes, [{ questionId, value: raw }]);
      expect(problems, `${questionId} ${raw}`).toEqual([{ field: `answers.${questionId}`, reason }]);
      expect(changes.size).toBe(0);
    }
  });
});

describe('drafts', () => {
  it('When the manager saves a campaign response as they go, then partial answers are kept, required ones wait, and personal answers are stored apart', async () => {
    const clusterId = await publishedCluster(h.server, 'KR');
    const campaignId = await openCampaign([clusterId]);
    const manager = managerOf(clusterId);

    const first = await save(
      {
        campaignId,
        clusterId,
        answers: [
          { questionId: 'international-stage', value: '"occasional"' },
          { questionId: 'respondent-name', value: 'Kim Ji-woo' },
          { questionId: 'respondent-email', value: 'jiwoo@cluster.example.kr' },
        ],
      },
      manager,
    );
    const second = await save(
      {
        campaignId,
        clusterId,
        expectedVersion: 1,
        answers: [
          { questionId: 'barrier-severity', value: '{"vague-projects":"major"}' },
          { questionId: 'respondent-name', value: null },
        ],
      },
      manager,
    );

    expect(first.errors).toBeUndefined();
    expect(first.data.saveResponseDraft).toMatchObject({
      id: `${campaignId}:${clusterId}`,
      status: 'DRAFT',
      version: 1,
      campaignId,
      collaborationId: null,
      questionnaire: { id: V2 },
    });
    expect(second.data.saveResponseDraft.version).toBe(2);
    expect(second.data.saveResponseDraft.answers).toEqual([
      { questionId: 'international-stage', value: '"occasional"' },
      { questionId: 'barrier-severity', value: '{"vague-projects":"major"}' },
      { questionId: 'respondent-email', value: 'jiwoo@cluster.example.kr' },
    ]);
    const doc = await stored(`${campaignId}:${clusterId}`);
    expect(doc?.answers.map((a) => a.questionId)).toEqual(['international-stage', 'barrier-severity']);
    expect(doc?.respondent).toEqual({
      createdBy: manager.subject,
      updatedBy: manager.subject,
      submittedBy: null,
      answers: [{ questionId: 'respondent-email', type: 'text', value: 'jiwoo@cluster.example.kr' }],
    });
  });

  it('When answers name unknown or tampered question ids, or answer one twice, then BAD_USER_INPUT names each and nothing is stored', async () => {
    const clusterId = await publishedCluster(h.server, 'RU');
    const campaignId = await openCampaign([clusterId]);

    const result = await save(
      {
        campaignId,
        clusterId,
        answers: [
          { questionId: 'international-stage', value: '"exploring"' },
          { questionId: 'favourite-colour', value: '"blue"' },
          { questionId: 'success-story', value: 'true' },
          { questionId: '$where', value: '"1 == 1"' },
          { questionId: 'barriers.0', value: '"staff"' },
          { questionId: '__proto__', value: '{}' },
          { questionId: 'international-stage', value: '"none"' },
        ],
      },
      managerOf(clusterId),
    );

    expect(extensionsOf(result)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'answers.favourite-colour' });
    expect(extensionsOf(result)?.problems).toEqual([
      { field: 'answers.favourite-colour', reason: `is not a question of ${V2}` },
      { field: 'answers.success-story', reason: `is not a question of ${V2}` },
      { field: 'answers.$where', reason: `is not a question of ${V2}` },
      { field: 'answers.barriers.0', reason: `is not a question of ${V2}` },
      { field: 'answers.__proto__', reason: `is not a question of ${V2}` },
      { field: 'answers.international-stage', reason: 'is answered more than once' },
    ]);
    expect(await responsesOf(clusterId)).toBe(0);
  });

  it('When answers of several types are invalid, then each question is named once with its reason and nothing is stored', async () => {
    const clusterId = await publishedCluster(h.server, 'RU');
    const campaignId = await openCampaign([clusterId]);

    const result = await save(
      {
        campaignId,
        clusterId,
        answers: [
          { questionId: 'international-importance', value: '7' },
          { questionId: 'barrier-severity', value: '{"language":"major"}' },
          { questionId: 'current-markets', value: '["FR","XX"]' },
          {
            questionId: 'workshop-topics',
            value: '["partner-search","market-entry","joint-funding","cluster-policy"]',
          },
          { questionId: 'respondent-email', value: 'jiwoo at cluster' },
          { questionId: 'partner-project', value: '<img src=x onerror=alert(1)>' },
        ],
      },
      managerOf(clusterId),
    );

    expect(extensionsOf(result)?.problems).toEqual([
      { field: 'answers.international-importance', reason: 'must be a whole number from 1 to 5' },
      { field: 'answers.barrier-severity', reason: '"language" not rows of this question' },
      { field: 'answers.current-markets', reason: '"XX" not ISO 3166-1 alpha-2 country codes' },
      { field: 'answers.workshop-topics', reason: 'must choose at most 3' },
      { field: 'answers.respondent-email', reason: 'must be an e-mail address' },
      {
        field: 'answers.partner-project',
        reason: 'must not contain HTML tags or script (plain text or markdown only)',
      },
    ]);
    expect(await responsesOf(clusterId)).toBe(0);
  });
});

describe('submission', () => {
  it('When an earlier answer hides questions, then the submission drops their answers and does not ask for them', async () => {
    const clusterId = await publishedCluster(h.server, 'TH');
    const campaignId = await openCampaign([clusterId]);
    const manager = managerOf(clusterId);
    await save(
      {
        campaignId,
        clusterId,
        answers: [
          ...COMPLETE_V2,
          { questionId: 'main-barrier', value: '"staff"' },
          { questionId: 'support-usefulness', value: '4' },
        ],
      },
      manager,
    );

    // "No significant barriers" hides the severity matrix (required) and the main barrier; no support received
    // hides how useful it was.
    const result = await submit(
      { campaign: campaignId, c: clusterId, answers: [{ questionId: 'barriers', value: '["none"]' }] },
      manager,
    );

    expect(result.errors).toBeUndefined();
    const ids = result.data.submitResponse.answers.map((a: Answer) => a.questionId);
    expect(ids).toContain('barriers');
    expect(ids).not.toContain('barrier-severity');
    expect(ids).not.toContain('main-barrier');
    expect(ids).not.toContain('support-usefulness');
    expect((await stored(`${campaignId}:${clusterId}`))?.answers.map((a) => a.questionId)).toEqual(ids);
  });

  it('When an answer shows a required question, then submitting without it names it — a required matrix in every row — and the draft stays as it was, with no event', async () => {
    const clusterId = await publishedCluster(h.server, 'TH');
    const campaignId = await openCampaign([clusterId]);
    const manager = managerOf(clusterId);
    const responseId = `${campaignId}:${clusterId}`;
    await save(
      {
        campaignId,
        clusterId,
        answers: COMPLETE_V2.filter((a) => !['barrier-severity', 'support-received'].includes(a.questionId)),
      },
      manager,
    );
    const before = await stored(responseId);
    const events = responseEvents(responseId, 1, 4000);

    const missing = await submit({ campaign: campaignId, c: clusterId }, manager);
    const partly = await submit(
      {
        campaign: campaignId,
        c: clusterId,
        answers: [{ questionId: 'barrier-severity', value: '{"vague-projects":"major"}' }],
      },
      manager,
    );

    expect(extensionsOf(missing)?.problems).toEqual([
      { field: 'answers.barrier-severity', reason: 'is required' },
      { field: 'answers.support-received', reason: 'is required' },
    ]);
    expect(extensionsOf(partly)?.problems).toEqual([
      {
        field: 'answers.barrier-severity',
        reason:
          'is required in every row (missing: overseas-market-knowledge, business-practices, finance-and-staff, legal-and-technological-differences)',
      },
      { field: 'answers.support-received', reason: 'is required' },
    ]);
    expect(await stored(responseId)).toEqual(before);
    await expect(events).rejects.toThrow(/saw 0\/1/);
  });

  it('When the same submission comes twice, then both return the same SUBMITTED response with one valid event; a changed one is INVALID_STATE and changes nothing', async () => {
    const clusterId = await publishedCluster(h.server, 'VN');
    const campaignId = await openCampaign([clusterId]);
    const manager = managerOf(clusterId);
    const responseId = `${campaignId}:${clusterId}`;
    const events = responseEvents(responseId, 2, 8000);
    const first = responseEvents(responseId);

    const once = await submit({ campaign: campaignId, c: clusterId, answers: COMPLETE_V2 }, manager);
    const twice = await submit({ campaign: campaignId, c: clusterId, answers: COMPLETE_V2 }, manager);
    const asSaved = await submit({ campaign: campaignId, c: clusterId }, manager);
    const changed = await submit(
      { campaign: campaignId, c: clusterId, answers: [{ questionId: 'market-knowledge', value: '"good"' }] },
      manager,
    );
    const draft = await save(
      { campaignId, clusterId, answers: [{ questionId: 'market-knowledge', value: '"good"' }] },
      manager,
    );

    expect(once.errors).toBeUndefined();
    expect(once.data.submitResponse).toMatchObject({
      id: responseId,
      status: 'SUBMITTED',
      version: 1,
      campaignId,
    });
    expect(twice.data.submitResponse).toEqual(once.data.submitResponse);
    expect(asSaved.data.submitResponse).toEqual(once.data.submitResponse);
    expect(extensionsOf(changed)).toMatchObject({
      code: 'INVALID_STATE',
      field: 'answers',
      status: 'SUBMITTED',
    });
    expect(changed.errors?.[0]?.message).toMatch(/already submitted/);
    expect(extensionsOf(draft)).toMatchObject({ code: 'INVALID_STATE', status: 'SUBMITTED' });
    expect((await stored(responseId))?.answers.find((a) => a.questionId === 'market-knowledge')?.value).toBe(
      'basic',
    );
    const [{ event }] = await first;
    expect(validator.validate(event)).toEqual({ ok: true, event });
    expect(event).toMatchObject({
      type: 'ccp.surveys.response.submitted.v1',
      subject: responseId,
      sequence: 1,
      economy: 'VN',
      actor: manager.subject,
      actorrole: 'manager',
      data: {
        responseId,
        questionnaireKind: 'internationalization',
        questionnaireId: V2,
        questionnaireVersion: 2,
        clusterId,
        economy: 'VN',
        campaignId,
        submittedBy: manager.subject,
        submittedAt: once.data.submitResponse.submittedAt,
      },
    });
    expect(event.data).not.toHaveProperty('successStory');
    await expect(events).rejects.toThrow(/saw 1\/2/);
  });

  it('When the same submission arrives five times at once, then one response is submitted, all five get it, and one event is sent; different ones at once: one wins, the rest are refused', async () => {
    const [same, different] = await Promise.all([
      publishedCluster(h.server, 'MY'),
      publishedCluster(h.server, 'MY'),
    ]);
    const campaignId = await openCampaign([same, different]);
    const events = responseEvents(`${campaignId}:${same}`, 2, 8000);

    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        submit({ campaign: campaignId, c: same, answers: COMPLETE_V2 }, managerOf(same)),
      ),
    );
    const knowledge = ['none', 'basic', 'good', 'detailed'];
    const races = await Promise.all(
      knowledge.map((k) =>
        submit(
          {
            campaign: campaignId,
            c: different,
            answers: COMPLETE_V2.map((a) =>
              a.questionId === 'market-knowledge' ? { ...a, value: `"${k}"` } : a,
            ),
          },
          managerOf(different),
        ),
      ),
    );

    for (const r of results) expect(r.data?.submitResponse).toEqual(results[0]?.data.submitResponse);
    expect(results[0]?.data.submitResponse.status).toBe('SUBMITTED');
    expect(await h.server.deps.responses.countDocuments({ campaignId, clusterId: same })).toBe(1);
    await expect(events).rejects.toThrow(/saw 1\/2/);
    const winners = races.filter((r) => r.data?.submitResponse);
    expect(winners).toHaveLength(1);
    expect(races.filter((r) => !r.data?.submitResponse).map(codeOf)).toEqual([
      'INVALID_STATE',
      'INVALID_STATE',
      'INVALID_STATE',
    ]);
    const kept = (await stored(`${campaignId}:${different}`))?.answers.find(
      (a) => a.questionId === 'market-knowledge',
    )?.value;
    expect(winners[0]?.data.submitResponse.answers).toContainEqual({
      questionId: 'market-knowledge',
      value: `"${kept}"`,
    });
  });

  it("When a follow-up is submitted, then its event carries the collaboration and whether it became a success story, from the cluster's answer", async () => {
    const [a, b] = await Promise.all([publishedCluster(h.server, 'PE'), publishedCluster(h.server, 'JP')]);
    const { campaignId, collaborationId } = await openFollowUp([a, b], ['PE', 'JP']);
    const fromA = responseEvents(`${campaignId}:${a}`);
    const fromB = responseEvents(`${campaignId}:${b}`);

    const untold = await submit(
      {
        campaign: campaignId,
        c: a,
        answers: followUpAnswers(true).filter((x) => x.questionId !== 'story-summary'),
      },
      managerOf(a),
    );
    const told = await submit({ campaign: campaignId, c: a, answers: followUpAnswers(true) }, managerOf(a));
    const no = await submit({ campaign: campaignId, c: b, answers: followUpAnswers(false) }, managerOf(b));

    expect(extensionsOf(untold)?.problems).toEqual([
      { field: 'answers.story-summary', reason: 'is required' },
    ]);
    expect(told.data.submitResponse).toMatchObject({
      status: 'SUBMITTED',
      collaborationId,
      questionnaire: { id: 'follow-up-v1' },
    });
    expect(no.data.submitResponse.status).toBe('SUBMITTED');
    const [[{ event: story }], [{ event: noStory }]] = await Promise.all([fromA, fromB]);
    for (const event of [story, noStory]) expect(validator.validate(event)).toEqual({ ok: true, event });
    expect(story.data).toMatchObject({
      questionnaireKind: 'follow-up',
      clusterId: a,
      economy: 'PE',
      campaignId,
      collaborationId,
      successStory: true,
    });
    expect(noStory.data).toMatchObject({ clusterId: b, economy: 'JP', collaborationId, successStory: false });
  });

  it('When a submission carries one invalid answer among valid ones, then nothing is stored — not even the valid answers — and no event is sent', async () => {
    const clusterId = await publishedCluster(h.server, 'CL');
    const campaignId = await openCampaign([clusterId]);
    const events = responseEvents(`${campaignId}:${clusterId}`, 1, 4000);

    const result = await submit(
      {
        campaign: campaignId,
        c: clusterId,
        answers: [...COMPLETE_V2.slice(1), { questionId: 'international-stage', value: '"global"' }],
      },
      managerOf(clusterId),
    );

    expect(extensionsOf(result)?.problems).toEqual([
      { field: 'answers.international-stage', reason: '"global" is not an option of this question' },
    ]);
    expect(await responsesOf(clusterId)).toBe(0);
    await expect(events).rejects.toThrow(/saw 0\/1/);
  });
});

describe('campaigns and responses', () => {
  it('When one cluster answers two campaigns, then it has one response per campaign; saving into one again finds the same response', async () => {
    const clusterId = await publishedCluster(h.server, 'NZ');
    const [first, second] = [await openCampaign([clusterId]), await openCampaign([clusterId])];
    const manager = managerOf(clusterId);
    const answer = (campaignId: string, value: string) =>
      save({ campaignId, clusterId, answers: [{ questionId: 'international-stage', value }] }, manager);

    const a = await answer(first, '"none"');
    const b = await answer(second, '"established"');
    const again = await answer(first, '"exploring"');

    expect([a, b, again].map((r) => r.data.saveResponseDraft.id)).toEqual([
      `${first}:${clusterId}`,
      `${second}:${clusterId}`,
      `${first}:${clusterId}`,
    ]);
    expect(again.data.saveResponseDraft.version).toBe(2);
    expect(await responsesOf(clusterId)).toBe(2);
  });

  it('When the campaign is closed or not open yet, then saving and submitting are INVALID_STATE on campaignId and nothing is written; repeating a submission made before the close still returns it', async () => {
    const [clusterId, done] = await Promise.all([
      publishedCluster(h.server, 'SG'),
      publishedCluster(h.server, 'SG'),
    ]);
    const campaignId = await openCampaign([clusterId, done]);
    const manager = managerOf(clusterId);
    await save({ campaignId, clusterId, answers: COMPLETE_V2 }, manager);
    const submittedBefore = await submit(
      { campaign: campaignId, c: done, answers: COMPLETE_V2 },
      managerOf(done),
    );
    const before = await stored(`${campaignId}:${clusterId}`);
    await h.run(`mutation ($id: ID!) { closeCampaign(id: $id) { status } }`, { id: campaignId }, secretariat);
    const draftCampaign = await h.run(
      `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`,
      {
        input: {
          questionnaireId: V2,
          title: { en: 'Later', ru: 'Позже' },
          audience: { clusterIds: [clusterId] },
          opensAt: new Date(Date.now() + DAY).toISOString(),
          closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
        },
      },
      secretariat,
    );

    const saved = await save(
      { campaignId, clusterId, answers: [{ questionId: 'market-knowledge', value: '"good"' }] },
      manager,
    );
    const submitted = await submit({ campaign: campaignId, c: clusterId }, manager);
    const repeated = await submit({ campaign: campaignId, c: done, answers: COMPLETE_V2 }, managerOf(done));
    const changed = await submit(
      { campaign: campaignId, c: done, answers: [{ questionId: 'market-knowledge', value: '"good"' }] },
      managerOf(done),
    );
    const early = await save(
      {
        campaignId: draftCampaign.data.createCampaign.id,
        clusterId,
        answers: [{ questionId: 'market-knowledge', value: '"good"' }],
      },
      manager,
    );

    expect(extensionsOf(saved)).toMatchObject({
      code: 'INVALID_STATE',
      field: 'campaignId',
      status: 'CLOSED',
    });
    expect(extensionsOf(submitted)).toMatchObject({
      code: 'INVALID_STATE',
      field: 'campaignId',
      status: 'CLOSED',
    });
    expect(repeated.data.submitResponse).toEqual(submittedBefore.data.submitResponse);
    expect(extensionsOf(changed)).toMatchObject({
      code: 'INVALID_STATE',
      field: 'answers',
      status: 'SUBMITTED',
    });
    expect(extensionsOf(early)).toMatchObject({
      code: 'INVALID_STATE',
      field: 'campaignId',
      status: 'DRAFT',
    });
    expect(await stored(`${campaignId}:${clusterId}`)).toEqual(before);
    expect(await responsesOf(clusterId)).toBe(1);
  });

  it('When the campaign does not ask the cluster, is unknown, names another questionnaire, or a follow-up is answered outside its campaign, then each is refused by its field', async () => {
    const [asked, other] = await Promise.all([
      publishedCluster(h.server, 'AU'),
      publishedCluster(h.server, 'AU'),
    ]);
    const campaignId = await openCampaign([asked]);
    const answers = [{ questionId: 'international-stage', value: '"none"' }];

    const notAsked = await save({ campaignId, clusterId: other, answers }, managerOf(other));
    const unknown = await save({ campaignId: randomUUID(), clusterId: asked, answers }, managerOf(asked));
    const mismatch = await save(
      { campaignId, questionnaireId: 'internationalization-v1', clusterId: asked, answers },
      managerOf(asked),
    );
    const followUp = await save(
      { questionnaireId: 'follow-up-v1', clusterId: asked, answers: [] },
      managerOf(asked),
    );
    const neither = await save({ clusterId: asked, answers }, managerOf(asked));

    expect(extensionsOf(notAsked)).toMatchObject({
      code: 'INVALID_STATE',
      field: 'clusterId',
      reason: 'NOT_IN_AUDIENCE',
    });
    expect(extensionsOf(unknown)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'campaignId' });
    expect(extensionsOf(mismatch)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'questionnaireId' });
    expect(extensionsOf(followUp)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'campaignId' });
    expect(extensionsOf(neither)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'campaignId' });
    expect((await responsesOf(asked)) + (await responsesOf(other))).toBe(0);
  });

  it('When a cluster submits a campaign of the current internationalization questionnaire, then its questionnaireStatus reads SUBMITTED', async () => {
    const [done, started] = await Promise.all([
      publishedCluster(h.server, 'HK'),
      publishedCluster(h.server, 'HK'),
    ]);
    const campaignId = await openCampaign([done, started]);
    await submit({ campaign: campaignId, c: done, answers: COMPLETE_V2 }, managerOf(done));
    await save({ campaignId, clusterId: started, answers: COMPLETE_V2.slice(0, 1) }, managerOf(started));

    const { data } = await h.run(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Cluster { id questionnaireStatus } } }`,
      { r: [done, started].map((id) => ({ __typename: 'Cluster', id })) },
      ANONYMOUS,
    );

    expect(data._entities).toEqual([
      { id: done, questionnaireStatus: 'SUBMITTED' },
      { id: started, questionnaireStatus: 'IN_PROGRESS' },
    ]);
  });
});

describe('who may answer and read', () => {
  it("When the cluster's manager saves, its economy's coordinator saves on its behalf and the secretariat submits, then all are accepted and the event names the secretariat", async () => {
    const clusterId = await publishedCluster(h.server, 'MX');
    const campaignId = await openCampaign([clusterId]);
    const events = responseEvents(`${campaignId}:${clusterId}`);

    const byManager = await save(
      { campaignId, clusterId, answers: COMPLETE_V2.slice(0, 5) },
      managerOf(clusterId),
    );
    const byCoordinator = await save(
      { campaignId, clusterId, answers: COMPLETE_V2.slice(5) },
      coordinatorOf('MX'),
    );
    const bySecretariat = await submit({ campaign: campaignId, c: clusterId }, secretariat);

    expect([byManager, byCoordinator, bySecretariat].map((r) => r.errors)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const [{ event }] = await events;
    expect(event).toMatchObject({ actor: secretariat.subject, actorrole: 'secretariat' });
    expect((await stored(`${campaignId}:${clusterId}`))?.respondent).toMatchObject({
      createdBy: managerOf(clusterId).subject,
      updatedBy: secretariat.subject,
      submittedBy: secretariat.subject,
    });
  });

  it("When another cluster's manager, another economy's coordinator, a member or an API client answer, then FORBIDDEN (UNAUTHENTICATED when anonymous), nothing is stored and no event is sent", async () => {
    const clusterId = await publishedCluster(h.server, 'CA');
    const campaignId = await openCampaign([clusterId]);
    const events = responseEvents(`${campaignId}:${clusterId}`, 1, 4000);
    const strangers = [managerOf(randomUUID()), coordinatorOf('US'), member, apiClient, ANONYMOUS];

    const saves = await Promise.all(
      strangers.map((c) => save({ campaignId, clusterId, answers: COMPLETE_V2 }, c)),
    );
    const submits = await Promise.all(
      strangers.map((c) => submit({ campaign: campaignId, c: clusterId, answers: COMPLETE_V2 }, c)),
    );

    const expected = ['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED'];
    expect(saves.map(codeOf)).toEqual(expected);
    expect(submits.map(codeOf)).toEqual(expected);
    expect(await responsesOf(clusterId)).toBe(0);
    await expect(events).rejects.toThrow(/saw 0\/1/);
  });

  it('When a campaign response is read, then its manager, coordinator and the secretariat see every answer, personal ones included; others are refused', async () => {
    const clusterId = await publishedCluster(h.server, 'ID');
    const campaignId = await openCampaign([clusterId]);
    await save(
      {
        campaignId,
        clusterId,
        answers: [
          { questionId: 'international-stage', value: '"none"' },
          { questionId: 'respondent-position', value: 'Head of international cooperation' },
        ],
      },
      managerOf(clusterId),
    );
    const read = (caller: Caller) => h.run(READ, { campaign: campaignId, c: clusterId }, caller);

    const allowed = await Promise.all([managerOf(clusterId), coordinatorOf('ID'), secretariat].map(read));
    const refused = await Promise.all(
      [managerOf(randomUUID()), coordinatorOf('PH'), member, ANONYMOUS].map(read),
    );

    for (const r of allowed) {
      expect(r.data.questionnaireResponse).toEqual({
        id: `${campaignId}:${clusterId}`,
        answers: [
          { questionId: 'international-stage', value: '"none"' },
          { questionId: 'respondent-position', value: 'Head of international cooperation' },
        ],
      });
    }
    expect(refused.map(codeOf)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
    for (const r of refused) expect(r.data?.questionnaireResponse ?? null).toBeNull();
  });
});
