#!/usr/bin/env node
// The Blueprint KPIs under load, read through the gateway: a sustained stream of KPI events (workshop
// check-ins, meetings, questionnaire responses) for a while, with a probe whose check-ins are timed from
// the send to the moment the gateway's `kpis` shows them (event-to-KPI freshness); then a replay of the
// topics into a fresh read model by the rebuild command (events/s, and the figures equal to the live ones).
// Baseline beside it: the same figures computed at read time from the facts ($match/$group), as a KPI
// page without a maintained read model would. Prints Markdown tables. Loopback only, bounded in time.
//   node bench/kpi-freshness.mjs [--rate 1000] [--seconds 60] [--replay 100000]
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deletePrefixedTopics, down, ensureTopics, up } from '../infra/infra.mjs';
import { root, startStack } from '../scripts/stack.mjs';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '60' },
    replay: { type: 'string', default: '100000' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const replayTotal = Number(values.replay);
const YEAR = 2026;
const PROBE_ECONOMY = 'BN';
const LOAD_ECONOMIES = ['AU', 'CA', 'CL', 'CN', 'HK', 'ID', 'JP', 'KR', 'MY', 'MX', 'NZ', 'PG', 'PE', 'PH', 'RU', 'SG', 'TW', 'TH', 'US', 'VN'];
const GENDERS = ['female', 'male', 'other', 'prefer-not-to-say'];
const SECTORS = ['public', 'private', 'academia', 'other'];
const OUTCOMES = ['insufficient-interest', 'no-cooperation-planned', 'cooperation-possible', 'did-not-take-place'];

const rssMiB = (pid) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS'));
  return Number(line.split(/\s+/)[1]) / 1024;
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const f = (x) => (x === undefined ? '–' : x.toFixed(1));

process.env.KAFKA_TOPIC_PREFIX = 'bench.';
const infra = await up();
// Fresh bench topics: the new read model replays only this run's events.
await deletePrefixedTopics('bench.');
await ensureTopics('bench.');
const run = randomUUID().slice(0, 8);
const databasePrefix = `bench_${run}`;
const { Kafka, logLevel } = await import('kafkajs');
const kafka = new Kafka({ clientId: 'bench-kpi', brokers: infra.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
const producer = kafka.producer();
await producer.connect();
const topic = { workshop: 'bench.ccp.matchmaking.workshop.v1', response: 'bench.ccp.surveys.response.v1' };

let sequence = 0;
function event(service, type, subject, economy, data) {
  const time = new Date(Date.UTC(YEAR, 5, 1) + (sequence++ % 86_400_000)).toISOString();
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: `/ccp/${service}`,
    type,
    subject,
    time,
    datacontenttype: 'application/json',
    dataschema: `https://schemas.apec-ccp.org/events/${type}.schema.json`,
    sequence: 1,
    economy,
    data,
  };
}
const message = (e) => ({ key: e.subject, value: JSON.stringify(e), headers: { 'content-type': 'application/cloudevents+json' } });

/** The n-th load event: check-ins, meetings and responses across 20 economies, each a new unit. */
function loadEvent(n) {
  const economy = LOAD_ECONOMIES[n % LOAD_ECONOMIES.length];
  const workshopId = `w-${run}-${n % 97}`;
  const kind = n % 4;
  if (kind <= 1) {
    return [topic.workshop, event('matchmaking', 'ccp.matchmaking.workshop.participant-checked-in.v1', workshopId, economy, {
      workshopId, participantId: `p-${n}`, hostEconomy: economy, economy,
      gender: GENDERS[n % 4], sector: SECTORS[(n >> 2) % 4], checkedInAt: new Date().toISOString(),
    })];
  }
  if (kind === 2) {
    return [topic.workshop, event('matchmaking', 'ccp.matchmaking.workshop.meeting-recorded.v1', workshopId, economy, {
      workshopId, meetingId: `m-${n}`, hostEconomy: economy, outcome: OUTCOMES[(n >> 2) % 4],
      participantEconomies: [economy, economy === 'RU' ? 'CN' : 'RU'], clusterIds: [`c-${n}`, `c-${n + 1}`], heldAt: new Date().toISOString(), recordedAt: new Date().toISOString(),
    })];
  }
  const responseId = `r-${run}-${n}`;
  return [topic.response, event('surveys', 'ccp.surveys.response.submitted.v1', responseId, economy, {
    responseId, questionnaireKind: n % 8 === 3 ? 'internationalization' : 'follow-up', questionnaireId: 'q', questionnaireVersion: 1,
    clusterId: `c-${n}`, economy, campaignId: null, submittedAt: new Date().toISOString(), submittedBy: null,
    collaborationId: `col-${n}`, successStory: true,
  })];
}

const probeWorkshop = `w-probe-${run}`;
function probeEvent(i) {
  return [topic.workshop, event('matchmaking', 'ccp.matchmaking.workshop.participant-checked-in.v1', probeWorkshop, PROBE_ECONOMY, {
    workshopId: probeWorkshop, participantId: `probe-${i}`, hostEconomy: PROBE_ECONOMY, economy: PROBE_ECONOMY,
    gender: 'female', sector: 'private', checkedInAt: new Date().toISOString(),
  })];
}

/** Waits until the group has committed the end of each topic (the live read model has read everything). */
async function caughtUp(groupId, topics, timeoutMs = 600_000) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let behind = 0;
      for (const t of topics) {
        const ends = await admin.fetchTopicOffsets(t);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [t] });
        for (const p of ends) {
          const at = Number(committed.partitions.find((c) => c.partition === p.partition)?.offset ?? -1);
          behind += Math.max(0, Number(p.high) - Math.max(at, Number(p.low)));
        }
      }
      if (behind === 0) return;
      if (Date.now() > deadline) throw new Error(`${groupId} still ${behind} events behind`);
      await sleep(500);
    }
  } finally {
    await admin.disconnect();
  }
}

async function send(pairs) {
  const byTopic = new Map();
  for (const [t, e] of pairs) byTopic.set(t, [...(byTopic.get(t) ?? []), message(e)]);
  await producer.sendBatch({ topicMessages: [...byTopic].map(([t, messages]) => ({ topic: t, messages })), acks: 1 });
}

const stack = await startStack({
  portOffset: 300,
  databasePrefix,
  groupPrefix: `bench-${run}`,
  logDir: join(root, '.data', 'logs', `bench-kpi-${run}`),
  env: { LOG_LEVEL: 'warn', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000', RATE_LIMIT_USER_PER_MINUTE: '100000000' },
});
const { default: mongoose } = await import('mongoose');
const direct = await mongoose.createConnection(infra.mongoUri, { dbName: `${databasePrefix}_economies`, maxPoolSize: 1 }).asPromise();
const gw = stack.urls.gateway;
const KPI_QUERY = `query ($e: ID) { kpis(year: ${YEAR}, economy: $e) { kpi value breakdown { gender sector outcome value } } }`;
async function kpis(economy) {
  const res = await fetch(gw, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: KPI_QUERY, variables: { e: economy } }) });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
  return body.data.kpis;
}
const probeValue = async () => (await kpis(PROBE_ECONOMY)).find((k) => k.kpi === 'PARTICIPANTS_CHECKED_IN').value;

try {
  // Load: every 10 ms a slice of the rate; a probe check-in every 100 ms among them.
  const sentAt = [];
  const freshness = [];
  let sent = 0;
  let probes = 0;
  let seen = 0;
  let polls = 0;
  let lagging = false;
  let pollError;
  const started = performance.now();
  const end = started + seconds * 1000;
  const poller = (async () => {
    while (performance.now() < end + 30_000 && (performance.now() < end || seen < probes)) {
      const v = await probeValue();
      polls += 1;
      const now = performance.now();
      for (; seen < Math.min(v, probes); seen += 1) freshness.push(now - sentAt[seen]);
      await sleep(5);
    }
  })().catch((err) => {
    pollError = err;
  });
  let tick = 0;
  while (performance.now() < end) {
    tick += 1;
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    const batch = [];
    for (; sent < due; sent += 1) batch.push(loadEvent(sent));
    if (tick % 10 === 0) {
      batch.push(probeEvent(probes));
      sentAt[probes] = performance.now();
      probes += 1;
    }
    if (batch.length) await send(batch);
    const behind = Math.floor(((performance.now() - started) / 1000) * rate) - sent;
    if (behind > rate) lagging = true;
    await sleep(Math.max(0, started + tick * 10 - performance.now()));
  }
  const loadSeconds = (performance.now() - started) / 1000;
  await poller;
  if (pollError) throw pollError;
  freshness.sort((a, b) => a - b);
  const economiesRss = rssMiB(stack.pid('economies'));
  const gatewayRss = rssMiB(stack.pid('gateway'));

  // Read cost: the maintained figures through the gateway vs. the same figures computed from the facts.
  const facts = direct.db.collection('kpi_facts');
  const timed = async (n, fn) => {
    const t = [];
    for (let i = 0; i < n; i += 1) {
      const s = performance.now();
      await fn();
      t.push(performance.now() - s);
    }
    return t.sort((a, b) => a - b);
  };
  const readModel = await timed(50, () => kpis(null));
  const baseline = await timed(5, () =>
    facts.aggregate([{ $match: { year: YEAR } }, { $group: { _id: { kpi: '$kpi', economy: '$economy' }, n: { $sum: 1 } } }]).toArray(),
  );
  const factCount = await facts.estimatedDocumentCount();

  console.log(`KPI events at ${rate}/s for ${seconds} s (+ a probe check-in every 100 ms), read through the gateway; node ${process.version}\n`);
  console.log('| measure | value |\n|---|---:|');
  console.log(`| events sent | ${sent + probes} in ${loadSeconds.toFixed(1)} s (${((sent + probes) / loadSeconds).toFixed(0)}/s${lagging ? ', the sender fell behind' : ''}) |`);
  console.log(`| probes seen through the gateway | ${freshness.length} / ${probes} (${polls} polls) |`);
  console.log(`| event-to-KPI freshness p50 / p95 / p99 / max ms | ${f(pct(freshness, 50))} / ${f(pct(freshness, 95))} / ${f(pct(freshness, 99))} / ${f(freshness.at(-1))} |`);
  console.log(`| KPI facts stored | ${factCount} |`);
  console.log(`| RSS economies / gateway after the load | ${economiesRss.toFixed(0)} / ${gatewayRss.toFixed(0)} MiB |`);
  console.log(`\n| reading ${YEAR}'s KPIs (APEC + 21 economies × 5 KPIs) | p50 ms | p95 ms |\n|---|---:|---:|`);
  console.log(`| maintained read model, through the gateway | ${f(pct(readModel, 50))} | ${f(pct(readModel, 95))} |`);
  console.log(`| baseline: $match/$group over the ${factCount} facts in FerretDB, no gateway | ${f(pct(baseline, 50))} | ${f(pct(baseline, 95))} |`);

  // Replay: top the topics up to the replay size, let the live group catch up, then rebuild from the start.
  const extra = Math.max(0, replayTotal - (sent + probes));
  for (let i = 0; i < extra; i += 500) {
    const batch = [];
    for (let j = i; j < Math.min(extra, i + 500); j += 1) batch.push(loadEvent(sent + j));
    await send(batch);
  }
  await caughtUp(`bench-${run}-economies-kpi`, [topic.workshop, topic.response]);
  const env = {
    ...process.env,
    MONGODB_URI: infra.mongoUri,
    MONGODB_DATABASE: `${databasePrefix}_economies`,
    KAFKA_GROUP_PREFIX: `bench-${run}`,
    LOG_LEVEL: 'warn',
  };
  const t0 = performance.now();
  const rebuild = spawnSync('node', ['services/economies/dist/cli/rebuild-kpis.js', '--drop', '--timeout', '900'], { cwd: root, env, encoding: 'utf8' });
  const replaySeconds = (performance.now() - t0) / 1000;
  const out = `${rebuild.stdout}${rebuild.stderr}`;
  const replayed = Number(/replayed (\d+) events/.exec(out)?.[1] ?? 0);
  console.log(`\n| replay into a fresh read model (rebuild command) | value |\n|---|---:|`);
  console.log(`| events replayed | ${replayed} in ${replaySeconds.toFixed(1)} s (${(replayed / replaySeconds).toFixed(0)} events/s, including start and comparison) |`);
  console.log(`| figures | ${/figures match/.test(out) ? 'equal to the live read model' : `DIFFER: ${out.split('\n').filter((l) => l.includes('differ')).slice(0, 5).join('; ')}`} |`);
  if (rebuild.status !== 0 && !/figures (match|differ)/.test(out)) console.error(out.slice(-2000));
} finally {
  await producer.disconnect();
  await direct.close();
  await stack.stop();
  await down(infra.started);
}
