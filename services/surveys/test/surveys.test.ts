import { randomUUID } from 'node:crypto';
import { ANONYMOUS, type Caller, EventValidator, makeEvent, publishEvents, TOPICS, toMessage } from '@ccp/kit';
import {
  collectEvents,
  connectedProducer,
  createTestTopic,
  deleteTestTopic,
  ensureTopics,
  freshDatabase,
  testKafka,
  testLogger,
  waitFor,
} from '@ccp/kit/testing';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnswers } from '../src/domain/read-response.js';
import { saveResponseDraft } from '../src/domain/save-response-draft.js';
import { seedQuestionnaires } from '../src/domain/seed-questionnaires.js';
import { applyClusterEvent } from '../src/events/cluster-facts.js';
import { createServer } from '../src/server.js';

const Q = 'internationalization-v1';

const SAVE = `mutation Save($input: SaveResponseDraftInput!) {
  saveResponseDraft(input: $input) {
    id status version submittedAt answers { questionId value } questionnaire { id version } cluster { id }
  }
}`;
const SUBMIT = `mutation Submit($q: ID!, $c: ID!) {
  submitResponse(questionnaireId: $q, clusterId: $c) { id status version submittedAt }
}`;
const STATUS = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Cluster { id questionnaireStatus } } }`;

/** Every required question of the internationalization questionnaire v1, answered. */
const COMPLETE = [
  { questionId: 'international-stage', value: '"exploring"' },
  { questionId: 'internationalization-strategy', value: 'false' },
  { questionId: 'priority-economies', value: '["CN","VN"]' },
  { questionId: 'market-knowledge', value: '"basic"' },
  { questionId: 'international-memberships', value: 'true' },
  { questionId: 'cooperation-forms', value: '["joint-rd","education"]' },
  { questionId: 'barriers', value: '["overseas-market-knowledge","vague-projects"]' },
  { questionId: 'support-needs', value: '["partner-search"]' },
];

interface QuestionView {
  id: string;
  type: string;
  text: { en: string; ru: string };
  options: { value: string; label: { en: string; ru: string }; exclusive: boolean }[];
}

const kafka = testKafka();
const erasureGroupId = `ccp-surveys-erasure-test-${randomUUID()}`;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;
let server: Awaited<ReturnType<typeof createServer>>;
/** The registry topic of this file: the shared one holds every other suite's clusters. */
let clusterTopic: string;

const user = (subject: string, grants: Caller['grants'] = []): Caller => ({ subject, kind: 'user', grants });
const member = user('user-member');
const managerOf = (clusterId: string, subject = `user-manager-${clusterId.slice(0, 8)}`) =>
  user(subject, [{ role: 'cluster-manager', clusterId }]);
const coordinatorOf = (economy: string) =>
  user(`user-coordinator-${economy}`, [{ role: 'economy-coordinator', economy }]);
const secretariat = user('user-secretariat', [{ role: 'secretariat' }]);

async function run(query: string, variables: Record<string, unknown> = {}, caller: Caller = member) {
  const res = await server.apollo.executeOperation(
    { query, variables },
    { contextValue: await server.context(caller) },
  );
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return res.body.singleResult as { data?: any; errors?: any[] };
}

function clusterEvent(
  type: 'registered' | 'published',
  clusterId: string,
  economy: string,
  sequence: number,
) {
  return makeEvent({
    service: 'registry',
    type: `ccp.registry.cluster.${type}.v1`,
    subject: clusterId,
    sequence,
    economy,
    data: {
      clusterId,
      economy,
      name: { en: `Cluster ${clusterId.slice(0, 8)}` },
      status: type === 'registered' ? 'draft' : 'published',
      ...(type === 'published' ? { publishedAt: new Date().toISOString() } : {}),
    },
  });
}

const forCluster = (clusterId: string) => (e: { [k: string]: unknown }) =>
  (e.data as { clusterId?: string } | undefined)?.clusterId === clusterId;

/** A cluster surveys knows of, as if registry's registered event had been consumed. */
async function knownCluster(economy = 'RU'): Promise<string> {
  const clusterId = randomUUID();
  await applyClusterEvent(server.models.clusterFacts, clusterEvent('registered', clusterId, economy, 1));
  return clusterId;
}

/** Saves and submits as the cluster's manager unless a test names another caller. */
const save = (
  clusterId: string,
  answers: { questionId: string; value: string | null }[],
  extra = {},
  caller: Caller = managerOf(clusterId),
) => run(SAVE, { input: { questionnaireId: Q, clusterId, answers, ...extra } }, caller);
const submit = (clusterId: string, caller: Caller = managerOf(clusterId)) =>
  run(SUBMIT, { q: Q, c: clusterId }, caller);

beforeAll(async () => {
  db = await freshDatabase('surveys');
  await ensureTopics(kafka);
  producer = await connectedProducer(kafka);
  clusterTopic = await createTestTopic(kafka, 'surveys-clusters');
  server = await createServer({
    mongo: db,
    kafka,
    producer,
    validator: new EventValidator(),
    logger: testLogger(),
    consumerGroupId: `ccp-surveys-test-${randomUUID()}`,
    clusterTopic,
    erasureGroupId,
  });
  await server.apollo.start();
});

afterAll(async () => {
  await Promise.allSettled(server?.consumers.map((c) => c.stop()) ?? []);
  await server?.apollo.stop();
  await producer?.disconnect();
  await db?.drop();
  if (clusterTopic) await deleteTestTopic(kafka, clusterTopic);
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([erasureGroupId]).catch(() => {});
  await admin.disconnect();
});

describe('questionnaires', () => {
  it('When the service has started, then the internationalization questionnaire v1 is served in English and Russian', async () => {
    const { data, errors } = await run(`{
      questionnaires(kind: INTERNATIONALIZATION) {
        id kind version title { en ru }
        sections { id title { en ru } questions { id type required text { en ru } options { value label { en ru } exclusive } } }
      }
    }`);

    expect(errors).toBeUndefined();
    // Version 2 keeps v1's question ids (issue 7); v1 stays as it was published.
    expect(data.questionnaires.map((x: { id: string }) => x.id)).toEqual([Q, 'internationalization-v2']);
    const [q] = data.questionnaires;
    expect(q).toMatchObject({ id: Q, kind: 'INTERNATIONALIZATION', version: 1 });
    expect(q.title.ru).toBe('Анкета по интернационализации кластеров в АТЭС');
    const sections = q.sections as { id: string; questions: QuestionView[] }[];
    expect(sections.map((s) => s.id)).toEqual([
      'international-activity',
      'markets',
      'partnerships',
      'barriers',
      'support',
    ]);
    const questions = sections.flatMap((s) => s.questions);
    for (const question of questions) expect(question.text.ru).toMatch(/[а-яё]/i);
    const barriers = questions.find((x) => x.id === 'barriers')!;
    expect(barriers.type).toBe('MULTIPLE_CHOICE');
    expect(barriers.options.map((o) => o.value)).toEqual(
      expect.arrayContaining([
        'overseas-market-knowledge',
        'business-practices',
        'legal-differences',
        'vague-projects',
      ]),
    );
    expect(barriers.options.find((o) => o.value === 'none')?.exclusive).toBe(true);
    const economies = questions.find((x) => x.id === 'priority-economies')!;
    expect(economies.options).toHaveLength(21);
    expect(economies.options.find((o) => o.value === 'VN')?.label).toEqual({ en: 'Viet Nam', ru: 'Вьетнам' });
  });

  it('When seeding runs again, then each questionnaire is still one document and a stored version is never rewritten, its drift reported', async () => {
    const model = server.models.questionnaires;
    const count = await model.countDocuments();
    await model.updateOne({ _id: Q }, { $set: { 'title.en': 'An outdated title' } });
    const stale = await model.findById(Q).lean();

    const drifted = await seedQuestionnaires(model);
    await seedQuestionnaires(model);

    // Published versions are immutable (issue 7): a changed questionnaire ships as a new version.
    expect(drifted).toEqual([Q]);
    expect(await model.countDocuments()).toBe(count);
    expect(await model.findById(Q).lean()).toEqual(stale);
    await model.updateOne({ _id: Q }, { $set: { 'title.en': 'Questionnaire on cluster internationalization in APEC' } });
  });

  it('When asked for the current questionnaire of a kind, then the newest version comes back; an unknown id gives null', async () => {
    const { data, errors } = await run(`{
      current: currentQuestionnaire(kind: INTERNATIONALIZATION) { id version }
      followUp: currentQuestionnaire(kind: FOLLOW_UP) { id }
      missing: questionnaire(id: "no-such-questionnaire") { id }
      byId: questionnaire(id: "${Q}") { id kind }
    }`);

    expect(errors).toBeUndefined();
    expect(data).toEqual({
      current: { id: 'internationalization-v2', version: 2 },
      followUp: { id: 'follow-up-v1' },
      missing: null,
      byId: { id: Q, kind: 'INTERNATIONALIZATION' },
    });
  });
});

describe('saveResponseDraft', () => {
  it('When answers of every question type are valid, then a draft is stored at version 1 with each answer as given', async () => {
    const clusterId = await knownCluster('KR');
    const answers = [
      { questionId: 'international-stage', value: '"occasional"' },
      { questionId: 'exporting-members-share', value: '35.5' },
      { questionId: 'internationalization-strategy', value: 'true' },
      { questionId: 'barriers', value: '["financial-resources","staff"]' },
      { questionId: 'partner-project', value: '  Совместный центр испытаний композитов  ' },
    ];

    const { data, errors } = await save(clusterId, answers);

    expect(errors).toBeUndefined();
    expect(data.saveResponseDraft).toMatchObject({
      id: `${Q}:${clusterId}`,
      status: 'DRAFT',
      version: 1,
      submittedAt: null,
      questionnaire: { id: Q, version: 1 },
      cluster: { id: clusterId },
    });
    expect(data.saveResponseDraft.answers).toEqual([
      { questionId: 'international-stage', value: '"occasional"' },
      { questionId: 'exporting-members-share', value: '35.5' },
      { questionId: 'internationalization-strategy', value: 'true' },
      { questionId: 'partner-project', value: 'Совместный центр испытаний композитов' },
      { questionId: 'barriers', value: '["financial-resources","staff"]' },
    ]);
    const stored = await server.deps.responses.findById(`${Q}:${clusterId}`).lean();
    expect(stored).toMatchObject({ economy: 'KR', respondent: { createdBy: managerOf(clusterId).subject }, outbox: [] });
    expect(stored?.answers.find((a) => a.questionId === 'exporting-members-share')?.value).toBe(35.5);
  });

  it('When a later save changes one answer and clears another, then the rest keep their answers and the version rises', async () => {
    const clusterId = await knownCluster();
    await save(clusterId, [
      { questionId: 'international-stage', value: '"none"' },
      { questionId: 'market-knowledge', value: '"basic"' },
      { questionId: 'workshop-interest', value: 'true' },
    ]);

    const { data, errors } = await save(
      clusterId,
      [
        { questionId: 'market-knowledge', value: '"good"' },
        { questionId: 'workshop-interest', value: null },
      ],
      { expectedVersion: 1 },
    );

    expect(errors).toBeUndefined();
    expect(data.saveResponseDraft.version).toBe(2);
    expect(data.saveResponseDraft.answers).toEqual([
      { questionId: 'international-stage', value: '"none"' },
      { questionId: 'market-knowledge', value: '"good"' },
    ]);
  });

  it('When answers name an unknown question or have the wrong type, then BAD_USER_INPUT lists each one and nothing is stored', async () => {
    const clusterId = await knownCluster();

    const { data, errors } = await save(clusterId, [
      { questionId: 'international-stage', value: '"exploring"' },
      { questionId: 'favourite-colour', value: '"blue"' },
      { questionId: 'international-partners-count', value: '"twelve"' },
      { questionId: 'market-knowledge', value: '"expert"' },
      { questionId: 'internationalization-strategy', value: 'yes' },
      { questionId: 'priority-economies', value: '["CN","XX"]' },
    ]);

    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'answers.favourite-colour',
    });
    expect(errors?.[0]?.extensions.problems.map((p: { field: string }) => p.field)).toEqual([
      'answers.favourite-colour',
      'answers.international-partners-count',
      'answers.market-knowledge',
      'answers.internationalization-strategy',
      'answers.priority-economies',
    ]);
    expect(errors?.[0]?.extensions.problems[1].reason).toBe('must be a number');
    expect(errors?.[0]?.extensions.problems[2].reason).toMatch(/"expert" is not an option/);
    expect(await server.deps.responses.countDocuments({ clusterId })).toBe(0);
  });

  it('When a number is out of bounds or not whole, or an exclusive option is chosen with others, then each is named', async () => {
    const clusterId = await knownCluster();

    const { errors } = await save(clusterId, [
      { questionId: 'exporting-members-share', value: '140' },
      { questionId: 'international-partners-count', value: '2.5' },
      { questionId: 'barriers', value: '["none","staff"]' },
      { questionId: 'support-comment', value: '   ' },
    ]);

    expect(errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.extensions.problems).toEqual([
      { field: 'answers.exporting-members-share', reason: 'must be at most 100' },
      { field: 'answers.international-partners-count', reason: 'must be a whole number' },
      { field: 'answers.barriers', reason: '"none" can only be chosen alone' },
      { field: 'answers.support-comment', reason: 'must not be empty (send null to clear the answer)' },
    ]);
  });

  it('When the cluster is unknown, then BAD_USER_INPUT names clusterId and nothing is stored', async () => {
    const clusterId = randomUUID();

    const { errors } = await save(clusterId, [{ questionId: 'international-stage', value: '"none"' }]);

    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clusterId' });
    expect(await server.deps.responses.countDocuments({ clusterId })).toBe(0);
  });

  it('When the questionnaire is unknown or the cluster id is blank, then BAD_USER_INPUT names the field', async () => {
    const clusterId = await knownCluster();

    const unknown = await run(
      SAVE,
      { input: { questionnaireId: 'survey-v9', clusterId, answers: [] } },
      managerOf(clusterId),
    );
    const blank = await run(SAVE, { input: { questionnaireId: Q, clusterId: ' ', answers: [] } });

    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'questionnaireId',
    });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clusterId' });
  });

  it('When the expected version is stale, then saving fails with INVALID_STATE and the answers do not change', async () => {
    const clusterId = await knownCluster();
    await save(clusterId, [{ questionId: 'international-stage', value: '"none"' }]);
    await save(clusterId, [{ questionId: 'international-stage', value: '"exploring"' }]);

    const { errors } = await save(
      clusterId,
      [{ questionId: 'international-stage', value: '"established"' }],
      {
        expectedVersion: 1,
      },
    );

    expect(errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      field: 'expectedVersion',
      currentVersion: 2,
    });
    const stored = await server.deps.responses.findById(`${Q}:${clusterId}`).lean();
    expect(stored?.answers).toEqual([
      { questionId: 'international-stage', type: 'single-choice', value: 'exploring' },
    ]);
  });
});

describe('submitResponse', () => {
  it('When required questions are unanswered, then BAD_USER_INPUT names each one, the draft stays a draft and no event is sent', async () => {
    const clusterId = await knownCluster();
    const collector = await collectEvents(kafka, TOPICS.response, forCluster(clusterId), {
      timeoutMs: 3000,
    });
    await collector.start();
    await save(
      clusterId,
      COMPLETE.filter((a) => a.questionId !== 'barriers' && a.questionId !== 'support-needs'),
    );

    const { data, errors } = await submit(clusterId);

    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'answers.barriers' });
    expect(errors?.[0]?.extensions.problems).toEqual([
      { field: 'answers.barriers', reason: 'is required' },
      { field: 'answers.support-needs', reason: 'is required' },
    ]);
    const stored = await server.deps.responses.findById(`${Q}:${clusterId}`).lean();
    expect(stored).toMatchObject({ status: 'draft', version: 1, outbox: [] });
    await expect(collector.done).rejects.toThrow(/saw 0\/1/);
  });

  it('When a complete draft is submitted twice, then both calls return the same SUBMITTED response and one event reaches Kafka', async () => {
    const clusterId = await knownCluster('VN');
    await save(clusterId, COMPLETE);
    const first = await collectEvents(kafka, TOPICS.response, forCluster(clusterId));
    const second = await collectEvents(kafka, TOPICS.response, forCluster(clusterId), {
      count: 2,
      timeoutMs: 8000,
    });
    await Promise.all([first.start(), second.start()]);

    const once = await submit(clusterId);
    const twice = await submit(clusterId);

    expect(once.errors).toBeUndefined();
    expect(once.data.submitResponse).toMatchObject({
      id: `${Q}:${clusterId}`,
      status: 'SUBMITTED',
      version: 2,
    });
    expect(twice.data.submitResponse).toEqual(once.data.submitResponse);
    const [{ event, headers }] = (await first.done) as [{ event: unknown; headers: Record<string, string> }];
    expect(event).toMatchObject({
      type: 'ccp.surveys.response.submitted.v1',
      source: '/ccp/surveys',
      subject: `${Q}:${clusterId}`,
      sequence: 2,
      economy: 'VN',
      actor: managerOf(clusterId).subject,
      actorrole: 'manager',
      data: {
        questionnaireKind: 'internationalization',
        questionnaireId: Q,
        questionnaireVersion: 1,
        clusterId,
        economy: 'VN',
        campaignId: null,
        submittedAt: once.data.submitResponse.submittedAt,
      },
    });
    expect(headers['content-type']).toBe('application/cloudevents+json');
    expect(new EventValidator().validate(event)).toEqual({ ok: true, event });
    await expect(second.done).rejects.toThrow(/saw 1\/2/);
    expect((await server.deps.responses.findById(`${Q}:${clusterId}`).lean())?.outbox).toEqual([]);
  });

  it('When a submitted response is saved again, then INVALID_STATE is returned and its answers do not change', async () => {
    const clusterId = await knownCluster();
    await save(clusterId, COMPLETE);
    await submit(clusterId);

    const { errors } = await save(clusterId, [{ questionId: 'international-stage', value: '"established"' }]);

    expect(errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', status: 'SUBMITTED' });
    const stored = await server.deps.responses.findById(`${Q}:${clusterId}`).lean();
    expect(stored).toMatchObject({ status: 'submitted', version: 2 });
    expect(stored?.answers.find((a) => a.questionId === 'international-stage')?.value).toBe('exploring');
  });

  it('When nothing was saved for the cluster, then submitting fails with NOT_FOUND', async () => {
    const clusterId = await knownCluster();
    const { errors } = await submit(clusterId);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('Cluster.questionnaireStatus', () => {
  it('When clusters are resolved as entities, even for an anonymous caller, then each shows NOT_STARTED, IN_PROGRESS or SUBMITTED', async () => {
    const [untouched, started, done] = await Promise.all([knownCluster(), knownCluster(), knownCluster()]);
    await save(started, [{ questionId: 'international-stage', value: '"none"' }]);
    await save(done, COMPLETE);
    await submit(done);

    // A status, not answers: anyone may read it, signed in or not.
    const { data, errors } = await run(
      STATUS,
      { r: [untouched, started, done].map((id) => ({ __typename: 'Cluster', id })) },
      ANONYMOUS,
    );

    expect(errors).toBeUndefined();
    expect(data._entities).toEqual([
      { id: untouched, questionnaireStatus: 'NOT_STARTED' },
      { id: started, questionnaireStatus: 'IN_PROGRESS' },
      { id: done, questionnaireStatus: 'SUBMITTED' },
    ]);
  });
});

describe('cluster facts from registry events', () => {
  it('When registry events are applied again or out of order, then the newest facts stay', async () => {
    const clusterId = randomUUID();
    const registered = clusterEvent('registered', clusterId, 'TH', 1);
    const model = server.models.clusterFacts;

    expect(await applyClusterEvent(model, registered)).toBe('applied');
    expect(await applyClusterEvent(model, clusterEvent('published', clusterId, 'TH', 2))).toBe('applied');
    expect(await applyClusterEvent(model, registered)).toBe('skipped');

    expect(await model.findById(clusterId).lean()).toMatchObject({
      economy: 'TH',
      status: 'published',
      applied: { sequence: 2 },
    });
  });

  it("When a cluster's registered event arrives on Kafka, then the consumer records it and its draft can be saved", async () => {
    const clusterId = randomUUID();
    const [consumer] = server.consumers;
    await consumer!.start();

    await producer.send({ topic: clusterTopic, messages: [toMessage(clusterEvent('registered', clusterId, 'PE', 1))] });
    await waitFor(() => server.deps.clusterFacts.byId(clusterId).then((c) => c ?? undefined), {
      what: 'the cluster facts',
    });
    const { data, errors } = await save(clusterId, [
      { questionId: 'international-stage', value: '"exploring"' },
    ]);

    expect(errors).toBeUndefined();
    expect(data.saveResponseDraft.status).toBe('DRAFT');
    expect((await server.deps.responses.findById(`${Q}:${clusterId}`).lean())?.economy).toBe('PE');
  });
});

const RESPONSE = `query ($q: ID!, $c: ID!) {
  questionnaireResponse(questionnaireId: $q, clusterId: $c) { id status answers { questionId value } }
}`;
const codes = (results: { errors?: any[] }[]) => results.map((r) => r.errors?.[0]?.extensions.code);

describe('who may answer for a cluster', () => {
  it("When the cluster's economy coordinator saves and the secretariat submits, then both are accepted and the event names the secretariat", async () => {
    const clusterId = await knownCluster('MX');
    const collector = await collectEvents(kafka, TOPICS.response, forCluster(clusterId));
    await collector.start();

    const saved = await save(clusterId, COMPLETE, {}, coordinatorOf('MX'));
    const submitted = await submit(clusterId, secretariat);

    expect(saved.errors).toBeUndefined();
    expect(submitted.data.submitResponse.status).toBe('SUBMITTED');
    const [{ event }] = await collector.done;
    expect(event).toMatchObject({ actor: 'user-secretariat', actorrole: 'secretariat' });
    expect(await server.deps.responses.findById(`${Q}:${clusterId}`).lean()).toMatchObject({
      respondent: { createdBy: 'user-coordinator-MX', submittedBy: 'user-secretariat' },
    });
  });

  it("When another cluster's manager, another economy's coordinator or a member saves, then FORBIDDEN; anonymous gets UNAUTHENTICATED; nothing is stored", async () => {
    const clusterId = await knownCluster('CL');
    const answers = [{ questionId: 'international-stage', value: '"none"' }];

    const results = await Promise.all([
      save(clusterId, answers, {}, managerOf(randomUUID())),
      save(clusterId, answers, {}, coordinatorOf('PE')),
      save(clusterId, answers, {}, member),
      save(clusterId, answers, {}, ANONYMOUS),
    ]);

    expect(codes(results)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
    expect(await server.deps.responses.countDocuments({ clusterId })).toBe(0);
  });

  it('When a stranger submits a complete draft, then FORBIDDEN (UNAUTHENTICATED when anonymous), it stays a draft and no event is sent', async () => {
    const clusterId = await knownCluster('CL');
    await save(clusterId, COMPLETE);
    const collector = await collectEvents(kafka, TOPICS.response, forCluster(clusterId), { timeoutMs: 3000 });
    await collector.start();

    const results = await Promise.all([
      submit(clusterId, managerOf(randomUUID())),
      submit(clusterId, coordinatorOf('PE')),
      submit(clusterId, ANONYMOUS),
    ]);

    expect(codes(results)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
    expect(await server.deps.responses.findById(`${Q}:${clusterId}`).lean()).toMatchObject({
      status: 'draft',
      version: 1,
      respondent: { submittedBy: null },
    });
    await expect(collector.done).rejects.toThrow(/saw 0\/1/);
  });
});

describe('who may read a response', () => {
  it("When the cluster's manager, its economy's coordinator or the secretariat read its response, then they see the answers", async () => {
    const clusterId = await knownCluster('SG');
    await save(clusterId, [{ questionId: 'international-stage', value: '"exploring"' }]);

    const results = await Promise.all(
      [managerOf(clusterId), coordinatorOf('SG'), secretariat].map((caller) =>
        run(RESPONSE, { q: Q, c: clusterId }, caller),
      ),
    );

    for (const { data, errors } of results) {
      expect(errors).toBeUndefined();
      expect(data.questionnaireResponse).toEqual({
        id: `${Q}:${clusterId}`,
        status: 'DRAFT',
        answers: [{ questionId: 'international-stage', value: '"exploring"' }],
      });
    }
  });

  it("When another cluster's manager, another economy's coordinator or a member reads it, then FORBIDDEN; anonymous gets UNAUTHENTICATED; no answer leaks", async () => {
    const clusterId = await knownCluster('SG');
    await save(clusterId, [{ questionId: 'international-stage', value: '"exploring"' }]);
    const unanswered = await knownCluster('SG');

    const results = await Promise.all([
      run(RESPONSE, { q: Q, c: clusterId }, managerOf(randomUUID())),
      run(RESPONSE, { q: Q, c: clusterId }, coordinatorOf('MY')),
      run(RESPONSE, { q: Q, c: clusterId }, member),
      run(RESPONSE, { q: Q, c: clusterId }, ANONYMOUS),
      run(RESPONSE, { q: Q, c: unanswered }, member),
    ]);

    expect(codes(results)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED', 'FORBIDDEN']);
    for (const { data } of results) expect(data?.questionnaireResponse ?? null).toBeNull();
  });

  it('When a response reaches a resolver by another path, then its answers are still shown only to those the rule lets in', async () => {
    const clusterId = await knownCluster('BN');
    await save(clusterId, [{ questionId: 'international-stage', value: '"exploring"' }]);
    const [response] = await server.deps.responseRepository.byIds([`${Q}:${clusterId}`]);

    expect(readAnswers(coordinatorOf('BN'), response!)).toHaveLength(1);
    expect(() => readAnswers(coordinatorOf('HK'), response!)).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }),
    );
    expect(() => readAnswers(ANONYMOUS, response!)).toThrow(
      expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }),
    );
  });
});

describe('operator injection', () => {
  it('When ids carry a MongoDB operator object, then BAD_USER_INPUT is returned, never a broadened result', async () => {
    const clusterId = await knownCluster('JP');
    await save(clusterId, COMPLETE);
    const operator = { $ne: null };

    const read = await run(RESPONSE, { q: Q, c: operator }, secretariat);
    const submitted = await run(SUBMIT, { q: operator, c: clusterId }, secretariat);
    const entity = await run(STATUS, { r: [{ __typename: 'Cluster', id: operator }] });
    const questionnaire = await run(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Questionnaire { id } } }`,
      { r: [{ __typename: 'Questionnaire', id: operator }] },
    );
    const direct = saveResponseDraft(server.deps, secretariat, {
      questionnaireId: Q,
      clusterId: operator,
      answers: [],
    });

    for (const result of [read, submitted, entity, questionnaire]) {
      expect(result.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    }
    await expect(direct).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'clusterId' },
    });
    expect(await server.deps.responses.findById(`${Q}:${clusterId}`).lean()).toMatchObject({
      status: 'draft',
    });
  });
});

describe("a user's erasure", () => {
  function erased(userId: string) {
    return makeEvent({
      service: 'accounts',
      type: 'ccp.accounts.user.erased.v1',
      subject: userId,
      sequence: 2,
      data: { userId, erasedAt: new Date().toISOString() },
    });
  }

  it("When a user is erased, then their id is replaced by 'erased-user' wherever a response names them, and again changes nothing", async () => {
    const clusterId = await knownCluster('RU');
    const other = await knownCluster('RU');
    const leaving = user(`user-${randomUUID()}`, [{ role: 'economy-coordinator', economy: 'RU' }]);
    await save(clusterId, COMPLETE, {}, leaving);
    await submit(clusterId, leaving);
    await save(other, [{ questionId: 'international-stage', value: '"none"' }], {}, leaving);
    await save(other, [{ questionId: 'international-stage', value: '"exploring"' }]);
    const read = () =>
      Promise.all([clusterId, other].map((c) => server.deps.responses.findById(`${Q}:${c}`).lean()));

    expect(await server.applyUserEvent(erased(leaving.subject))).toBe('applied');
    const once = await read();
    await server.applyUserEvent(erased(leaving.subject));

    expect(once[0]?.respondent).toMatchObject({
      createdBy: 'erased-user',
      updatedBy: 'erased-user',
      submittedBy: 'erased-user',
    });
    expect(once[1]?.respondent).toMatchObject({
      createdBy: 'erased-user',
      updatedBy: managerOf(other).subject,
      submittedBy: null,
    });
    expect(await read()).toEqual(once);
  });

  it('When the erased event arrives on Kafka, then the erasure consumer applies it', async () => {
    const clusterId = await knownCluster('TH');
    const leaving = managerOf(clusterId, `user-${randomUUID()}`);
    await save(clusterId, [{ questionId: 'international-stage', value: '"none"' }], {}, leaving);
    const erasure = server.consumers[1]!;
    await erasure.start();

    await publishEvents(producer, [erased(leaving.subject)]);

    await waitFor(
      async () =>
        (await server.deps.responses.findById(`${Q}:${clusterId}`).lean())?.respondent.createdBy === 'erased-user'
          ? true
          : undefined,
      { what: "the erasure of the response's author" },
    );
  });
});
