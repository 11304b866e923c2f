#!/usr/bin/env node
// Questionnaire results at APEC scale, through the gateway: 10,000 submitted responses × 40 questions (written
// straight into the surveys database, their submitted events onto the response topic, like the registry's
// generator), then a per-question distribution, the whole questionnaire, a filtered distribution (economies +
// specialization), a cross-tabulation and a campaign's response rates, at 1 and 10 clients, each beside a
// baseline computing the same from the responses collection ($match/$unwind/$group, or a projection paired in the
// client where $group cannot) in the same run. Prints Markdown. Loopback only, bounded in time (≤ 4 minutes).
//   node bench/survey-results.mjs [--responses 10000] [--duration 3] [--clients 10] [--full-baseline]
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deletePrefixedTopics, down, ensureTopics, up } from '../infra/infra.mjs';
import { root, startStack } from '../scripts/stack.mjs';

const { values } = parseArgs({
  options: {
    responses: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '3' },
    clients: { type: 'string', default: '10' },
    // The database's whole-questionnaire aggregation alone takes over a minute at 10,000 responses.
    'full-baseline': { type: 'boolean', default: false },
  },
});
const total = Number(values.responses);
const duration = Number(values.duration) * 1000;
const clients = Number(values.clients);
const started = Date.now();

const ECONOMIES = ['AU', 'CA', 'CL', 'CN', 'HK', 'ID', 'JP', 'KR', 'MY', 'MX', 'NZ', 'PG', 'PE', 'PH', 'RU', 'SG', 'TW', 'TH', 'US', 'VN', 'BN'];
const SPECIALIZATIONS = ['ict', 'ict.software', 'ict.telecom', 'agrifood', 'agrifood.food-processing', 'energy', 'energy.renewables', 'biotech', 'logistics', 'tourism', 'machinery.robotics', 'ocean.fisheries'];
const MEMBER_TYPES = ['LARGE_COMPANY', 'SME', 'RESEARCH_INSTITUTE', 'UNIVERSITY', 'PUBLIC_BODY', 'OTHER'];
const CAMPAIGNS = 10;

const rssMiB = (pid) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS'));
  return Number(line.split(/\s+/)[1]) / 1024;
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const f = (x) => (x === undefined ? '–' : x.toFixed(1));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A small deterministic generator, so every run answers the same way. */
let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = (list) => list[Math.floor(rand() * list.length)];

// --- The questionnaire: 40 questions of every type answers are counted by.
const option = (value) => ({ value, label: { en: value, ru: value }, exclusive: false });
const options = (n) => Array.from({ length: n }, (_, i) => option(`o${i + 1}`));
const TYPES = [
  ...Array(12).fill('single-choice'),
  ...Array(6).fill('multiple-choice'),
  ...Array(6).fill('number'),
  ...Array(4).fill('scale'),
  ...Array(4).fill('matrix'),
  ...Array(4).fill('yes-no'),
  ...Array(2).fill('economy'),
  ...Array(2).fill('text'),
];
const QUESTIONS = TYPES.map((type, i) => ({
  id: `q${String(i + 1).padStart(2, '0')}`,
  type,
  required: false,
  personal: false,
  text: { en: `Question ${i + 1}`, ru: `Вопрос ${i + 1}` },
  help: null,
  options: type === 'single-choice' || type === 'multiple-choice' ? options(6) : type === 'matrix' ? options(4) : [],
  rows: type === 'matrix' ? ['r1', 'r2', 'r3'].map(option) : [],
  min: type === 'number' ? 0 : type === 'scale' ? 1 : null,
  max: type === 'number' ? 1000 : type === 'scale' ? 5 : null,
  integer: type === 'scale',
  maxLength: type === 'text' ? 4000 : null,
  format: type === 'text' ? 'plain' : null,
  minSelections: null,
  maxSelections: null,
  scaleLabels: [],
  economyScope: type === 'economy' ? 'apec' : null,
  multiple: false,
  showIf: null,
}));
const QUESTIONNAIRE = 'workshop-feedback-v900';

function answer(q) {
  if (rand() < 0.08) return undefined;
  switch (q.type) {
    case 'single-choice':
      return pick(q.options).value;
    case 'multiple-choice':
      return q.options.filter(() => rand() < 0.35).map((o) => o.value);
    case 'number':
      return Math.round(rand() * rand() * 1000);
    case 'scale':
      return 1 + Math.floor(rand() * 5);
    case 'matrix':
      return Object.fromEntries(q.rows.map((r) => [r.value, pick(q.options).value]));
    case 'yes-no':
      return rand() < 0.6;
    case 'economy':
      return pick(ECONOMIES);
    case 'text':
      return `Free text answer ${Math.floor(rand() * 1e6)}`;
  }
}

const prefix = `bench.results-${randomUUID().slice(0, 8)}.`;
process.env.KAFKA_TOPIC_PREFIX = prefix;
const infra = await up();
await ensureTopics(prefix);
const run = randomUUID().slice(0, 8);
const databasePrefix = `bench_${run}`;
const { default: mongoose } = await import('mongoose');
const { Kafka, logLevel } = await import('kafkajs');
const direct = await mongoose
  .createConnection(infra.mongoUri, { dbName: `${databasePrefix}_surveys`, maxPoolSize: 1 })
  .asPromise();
const kafka = new Kafka({ clientId: 'bench-results', brokers: infra.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
let stack;
try {
  // --- Generate: clusters' facts, campaigns, responses; then the submitted events.
  console.log(`generating ${total} responses × ${QUESTIONS.length} questions …`);
  const t0 = Date.now();
  const now = new Date();
  await direct.db.collection('questionnaires').insertOne({
    _id: QUESTIONNAIRE,
    kind: 'workshop-feedback',
    version: 900,
    status: 'published',
    title: { en: 'Benchmark questionnaire', ru: 'Анкета для замеров' },
    description: null,
    sections: [{ id: 'all', title: { en: 'All', ru: 'Все' }, description: null, showIf: null, questions: QUESTIONS }],
    revision: 1,
    publishedAt: now,
    retiredAt: null,
    createdAt: now,
    updatedAt: now,
  });
  const clusters = Array.from({ length: total }, () => ({
    _id: randomUUID(),
    economy: pick(ECONOMIES),
    status: 'published',
    specializations: [pick(SPECIALIZATIONS), ...(rand() < 0.4 ? [pick(SPECIALIZATIONS)] : [])],
    memberTypes: MEMBER_TYPES.filter(() => rand() < 0.4),
    applied: { sequence: 1, eventId: randomUUID() },
  }));
  for (let i = 0; i < clusters.length; i += 1000) await direct.db.collection('cluster_facts').insertMany(clusters.slice(i, i + 1000));
  const campaignIds = Array.from({ length: CAMPAIGNS }, () => randomUUID());
  const responses = clusters.map((c, i) => {
    const submittedAt = new Date(now.getTime() - (total - i) * 60_000);
    const campaignId = campaignIds[i % CAMPAIGNS];
    return {
      _id: `${campaignId}:${c._id}`,
      questionnaireId: QUESTIONNAIRE,
      questionnaireKind: 'workshop-feedback',
      questionnaireVersion: 900,
      clusterId: c._id,
      economy: c.economy,
      status: 'submitted',
      answers: QUESTIONS.flatMap((q) => {
        const value = answer(q);
        return value === undefined || (Array.isArray(value) && value.length === 0) ? [] : [{ questionId: q.id, type: q.type, value }];
      }),
      respondent: { createdBy: `user-${i}`, updatedBy: `user-${i}`, submittedBy: `user-${i}`, answers: [] },
      campaignId,
      collaborationId: null,
      createdAt: submittedAt,
      updatedAt: submittedAt,
      submittedAt,
      version: 2,
      outbox: [],
    };
  });
  // Each campaign asked 25% more clusters than answered it, per economy.
  const campaigns = campaignIds.map((id, n) => {
    const perEconomy = new Map();
    for (const r of responses) if (r.campaignId === id) perEconomy.set(r.economy, (perEconomy.get(r.economy) ?? 0) + 1);
    const audienceCounts = [...perEconomy].sort().map(([economy, count]) => ({ economy, clusters: Math.ceil(count * 1.25) }));
    return {
      _id: id,
      questionnaireId: QUESTIONNAIRE,
      questionnaireKind: 'workshop-feedback',
      questionnaireVersion: 900,
      title: { en: `Benchmark campaign ${n + 1}`, ru: `Кампания ${n + 1}` },
      audience: { economies: ECONOMIES, clusterIds: [] },
      scope: ECONOMIES,
      opensAt: new Date(now.getTime() - 90 * 86_400_000),
      closesAt: new Date(now.getTime() + 30 * 86_400_000),
      reminderDaysBeforeClose: 0,
      status: 'open',
      collaborationId: null,
      opensAutomatically: false,
      audienceCounts,
      audienceId: null,
      createdAt: now,
      createdBy: 'bench',
      updatedAt: now,
      updatedBy: 'bench',
      openedAt: now,
      openedBy: 'bench',
      closedAt: null,
      closedBy: null,
      closedReason: null,
      invitationsQueuedAt: now,
      remindedAt: null,
      version: 2,
      outbox: [],
    };
  });
  await direct.db.collection('campaigns').insertMany(campaigns);
  for (let i = 0; i < responses.length; i += 500) await direct.db.collection('responses').insertMany(responses.slice(i, i + 500));
  const producer = kafka.producer();
  await producer.connect();
  const events = responses.map((r) => ({
    key: r._id,
    headers: { 'content-type': 'application/cloudevents+json' },
    value: JSON.stringify({
      specversion: '1.0',
      id: randomUUID(),
      source: '/ccp/surveys',
      type: 'ccp.surveys.response.submitted.v1',
      subject: r._id,
      time: r.submittedAt.toISOString(),
      datacontenttype: 'application/json',
      dataschema: 'https://schemas.apec-ccp.org/events/ccp.surveys.response.submitted.v1.schema.json',
      sequence: 2,
      economy: r.economy,
      actor: r.respondent.submittedBy,
      actorrole: 'manager',
      data: {
        responseId: r._id,
        questionnaireKind: r.questionnaireKind,
        questionnaireId: r.questionnaireId,
        questionnaireVersion: r.questionnaireVersion,
        clusterId: r.clusterId,
        economy: r.economy,
        campaignId: r.campaignId,
        submittedAt: r.submittedAt.toISOString(),
        submittedBy: r.respondent.submittedBy,
      },
    }),
  }));
  for (let i = 0; i < events.length; i += 1000) {
    await producer.send({ topic: `${prefix}ccp.surveys.response.v1`, acks: -1, messages: events.slice(i, i + 1000) });
  }
  await producer.disconnect();
  const answersStored = responses.reduce((n, r) => n + r.answers.length, 0);
  console.log(`generated in ${((Date.now() - t0) / 1000).toFixed(1)} s (${answersStored} answers)`);

  // --- The platform; surveys loads its results read model from the responses at start (one scan).
  const t1 = Date.now();
  stack = await startStack({
    portOffset: 500,
    databasePrefix,
    groupPrefix: `bench-${run}`,
    logDir: join(root, '.data', 'logs', `bench-results-${run}`),
    env: { LOG_LEVEL: 'warn', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000', RATE_LIMIT_USER_PER_MINUTE: '100000000' },
  });
  const startSeconds = (Date.now() - t1) / 1000;
  const gw = stack.urls.gateway;

  async function post(query, variables) {
    const res = await fetch(gw, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const text = await res.text();
    const body = JSON.parse(text);
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return { body, bytes: Buffer.byteLength(text) };
  }

  /** `n` clients each sending one request after the other for `ms`; latencies in ms. */
  async function load(n, ms, request) {
    const latencies = [];
    let errors = 0;
    const until = Date.now() + ms;
    await Promise.all(
      Array.from({ length: n }, async () => {
        while (Date.now() < until) {
          const t = performance.now();
          try {
            await request();
            latencies.push(performance.now() - t);
          } catch (err) {
            errors += 1;
            if (errors === 1) console.error(String(err).slice(0, 300));
          }
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    return { count: latencies.length, rps: latencies.length / (ms / 1000), p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), errors };
  }

  /** Runs `fn` repeatedly for at most `ms` (at least `min` times); latencies in ms. */
  async function repeat(fn, { ms = 6000, min = 3, max = 20 } = {}) {
    const latencies = [];
    const until = Date.now() + ms;
    while (latencies.length < max && (latencies.length < min || Date.now() < until)) {
      const t = performance.now();
      await fn();
      latencies.push(performance.now() - t);
    }
    latencies.sort((a, b) => a - b);
    return { count: latencies.length, p50: pct(latencies, 50), p95: pct(latencies, 95) };
  }

  const DIST = `fragment D on QuestionResults { questionId type suppressed answered unanswered values rows counts number { count mean min max bucketFrom bucketTo } }`;
  const ONE = `query ($q: ID!, $filter: ResultsFilter, $ids: [ID!]) { questionnaireResults(questionnaireId: $q, filter: $filter) { responseCount suppressed questions(ids: $ids) { ...D } } } ${DIST}`;
  const ALL = `query ($q: ID!) { questionnaireResults(questionnaireId: $q) { responseCount suppressed questions { ...D } } } ${DIST}`;
  const CROSS = `query ($q: ID!, $r: ID!, $c: ID!) { questionnaireResults(questionnaireId: $q) { crossTab(rowQuestionId: $r, columnQuestionId: $c) { responseCount rowValues columnValues counts rowTotals columnTotals } } }`;
  const RATES = `query ($c: ID!) { campaignResponseRates(campaignId: $c) { audience responded rate economies { economy audience responded rate suppressed } } }`;
  const filter = { economies: ['RU', 'CN', 'JP', 'KR', 'US'], specializations: ['ict'] };
  const queries = [
    ['distribution of one question (single choice)', ONE, { q: QUESTIONNAIRE, ids: ['q01'] }],
    ['distributions of all 40 questions', ALL, { q: QUESTIONNAIRE }],
    ['one question, filtered: 5 economies + specialization "ict" (taxonomy-aware)', ONE, { q: QUESTIONNAIRE, ids: ['q01'], filter }],
    ['cross-tab: single choice × single choice', CROSS, { q: QUESTIONNAIRE, r: 'q01', c: 'q02' }],
    ['response rates of a campaign, per economy', RATES, { c: campaignIds[0] }],
  ];
  // Wait until surveys holds every response (the read model loads before the service is ready), then warm up.
  const first = await post(ALL, { q: QUESTIONNAIRE });
  if (first.body.data.questionnaireResults.responseCount !== total) {
    throw new Error(`surveys holds ${first.body.data.questionnaireResults.responseCount} responses, not ${total}`);
  }
  for (const [, query, variables] of queries) for (let i = 0; i < 5; i += 1) await post(query, variables);
  const filtered = (await post(ONE, queries[2][2])).body.data.questionnaireResults.responseCount;

  const rows = [];
  for (const [label, query, variables] of queries) {
    const { bytes } = await post(query, variables);
    const one = await load(1, duration, () => post(query, variables));
    const many = await load(clients, duration, () => post(query, variables));
    rows.push([label, one, many, bytes]);
  }

  // --- Baselines: the same answers computed by the database at read time, over the same collection.
  const col = direct.db.collection('responses');
  const match = { questionnaireId: QUESTIONNAIRE, status: 'submitted' };
  const distribution = (extra = {}, q = 'q01') =>
    col
      .aggregate([
        { $match: { ...match, ...extra } },
        { $unwind: '$answers' },
        { $match: { 'answers.questionId': q } },
        { $group: { _id: '$answers.value', count: { $sum: 1 } } },
      ])
      .toArray();
  const ictClusters = async () =>
    (await direct.db.collection('cluster_facts').find({ specializations: { $in: ['ict', 'ict.software', 'ict.telecom'] } }, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
  const baselines = [
    ['distribution of one question: $match + $unwind + $match + $group', () => distribution()],
    values['full-baseline'] && [
      'all 40 questions: $match + $unwind + $group by question and value',
      () =>
        col
          .aggregate([{ $match: match }, { $unwind: '$answers' }, { $group: { _id: { q: '$answers.questionId', v: '$answers.value' }, count: { $sum: 1 } } }])
          .toArray(),
    ],
    [
      'filtered: cluster_facts find (specialization) + $match (economies, clusters) + $unwind + $group',
      async () => distribution({ economy: { $in: filter.economies }, clusterId: { $in: await ictClusters() } }),
    ],
    [
      'cross-tab: find with a projection of the answers, paired in the client ($group cannot pair two answers)',
      async () => {
        const docs = await col.find(match, { projection: { answers: 1 } }).toArray();
        const counts = new Map();
        for (const d of docs) {
          const a = d.answers.find((x) => x.questionId === 'q01')?.value ?? null;
          const b = d.answers.find((x) => x.questionId === 'q02')?.value ?? null;
          counts.set(`${a}|${b}`, (counts.get(`${a}|${b}`) ?? 0) + 1);
        }
        return counts;
      },
    ],
    [
      'response rates: $match (campaign) + $group by economy',
      () => col.aggregate([{ $match: { ...match, campaignId: campaignIds[0] } }, { $group: { _id: '$economy', count: { $sum: 1 } } }]).toArray(),
    ],
    ['rebuild at start: find every submitted response (the read model load scan)', () => col.find({ status: 'submitted' }, { projection: { respondent: 0, outbox: 0 } }).toArray()],
  ].filter(Boolean);
  const { consumerLag } = await import('../services/kit/dist/testing/index.js');
  const backlog = await consumerLag(kafka, `bench-${run}-surveys-respondents`, [`${prefix}ccp.surveys.response.v1`]).catch(() => null);
  const baseRows = [];
  // Each once, more while the run's time allows; one that would start after 190 s is skipped (≤ 4 minutes in all).
  for (const [i, [label, fn]] of baselines.entries()) {
    const left = 190_000 - (Date.now() - started);
    baseRows.push([label, left > 0 ? await repeat(fn, { ms: left / (baselines.length - i), min: 1, max: 5 }) : null]);
  }

  console.log(`\n${total} submitted responses × ${QUESTIONS.length} questions (${answersStored} answers), ${CAMPAIGNS} campaigns; through the gateway; node ${process.version}; ${clients} clients; k = 5`);
  console.log(`stack start (surveys loads the read model before it is ready): ${startSeconds.toFixed(1)} s; filtered selection: ${filtered ?? 'withheld'} responses\n`);
  console.log(`| query (gateway → surveys, anonymous) | 1 client p50 / p95 ms | 1 client req/s | ${clients} clients p50 / p95 / p99 ms | ${clients} clients req/s | response KB | errors |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [label, one, many, bytes] of rows) {
    console.log(`| ${label} | ${f(one.p50)} / ${f(one.p95)} | ${one.rps.toFixed(0)} | ${f(many.p50)} / ${f(many.p95)} / ${f(many.p99)} | ${many.rps.toFixed(0)} | ${(bytes / 1024).toFixed(1)} | ${one.errors + many.errors} |`);
  }
  console.log(`\n| baseline: the same from the responses collection, straight to FerretDB (SQLite), 1 client | p50 ms | p95 ms | runs |\n|---|---:|---:|---:|`);
  for (const [label, r] of baseRows) console.log(r ? `| ${label} | ${f(r.p50)} | ${f(r.p95)} | ${r.count} |` : `| ${label} | skipped (time) | | 0 |`);
  console.log(`\n(baselines ran while surveys' campaign-respondents consumer still had ${backlog ?? '?'} of the generated events to apply)`);
  console.log(`\n| process | RSS after (MiB) |\n|---|---:|`);
  for (const p of ['surveys', 'gateway']) console.log(`| ${p} | ${rssMiB(stack.pid(p)).toFixed(0)} |`);
  console.log(`\ntotal time ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await stack?.stop();
  // Every database of this run (the stack made one per service).
  const { databases } = await direct.db.admin().listDatabases();
  for (const { name } of databases) if (name.startsWith(`${databasePrefix}_`)) await direct.useDb(name).dropDatabase().catch(() => {});
  await direct.close();
  await deletePrefixedTopics(prefix).catch(() => {});
  await down(infra.started);
}
