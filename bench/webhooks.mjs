#!/usr/bin/env node
// Webhooks under load: the integrations subgraph alone (built dist, real FerretDB and Kafka), several fast
// receivers and one dead one beside them (it accepts the connection and never answers, so each of its requests
// holds a slot until the timeout). Phase 1, steady: cluster events at a fixed rate, event-to-delivery latency at
// the fast receivers (p50/p95/p99, from the event's time to the signed POST arriving). Phase 2, burst: many events
// at once, deliveries/s until every fast receiver has them all. Every request's signature is verified with
// @ccp/integrations/signature; duplicates (same webhook-id) are counted. Prints Markdown tables. Loopback only.
// Then the delivery log as an owner reads it (GraphQL, 20 a page with attempts; median of 3) and a restart: the time
// until /ready (the schedule is rebuilt from the database) and the queue depth before and after (nothing pending lost).
// Since decisions §32 an attempt only reads its delivery by _id and inserts a journal entry; before, it replaced the
// delivery and its due entry by _id, which FerretDB's SQLite backend answers by scanning the collection (§18).
// It builds nothing: build the package first (npx turbo run build --filter=@ccp/integrations...).
//   node bench/webhooks.mjs [--rate 10] [--seconds 20] [--burst 500] [--fast 2]
//     [--baseline <another build's dist folder>: run it first, same settings, then this one's dist]
//     [--prefix bench-wh.] [--db-prefix bench_wh] [--port-offset 650]   (topics, databases, port 4006 + offset)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { deletePrefixedTopics, ensureTopics, up } from '../infra/infra.mjs';
import { ensureCallerKeys, root, waitForHttp } from '../scripts/stack.mjs';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    burst: { type: 'string', default: '500' },
    fast: { type: 'string', default: '2' },
    baseline: { type: 'string' },
    prefix: { type: 'string', default: 'bench-wh.' },
    'db-prefix': { type: 'string', default: 'bench_wh' },
    'port-offset': { type: 'string', default: '650' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const burst = Number(values.burst);
const fastCount = Number(values.fast);
const PREFIX = values.prefix;
const PORT = 4006 + Number(values['port-offset']);
const TIMEOUT_MS = 10_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const rssMiB = (pid) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS'));
  return Number(line.split(/\s+/)[1]) / 1024;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const { verifyWebhook } = await import('@ccp/integrations/signature');
const { createCallerSigner, CALLER_HEADER } = await import('@ccp/kit');
const { Kafka, logLevel } = await import('kafkajs');
const { default: mongoose } = await import('mongoose');

process.env.KAFKA_TOPIC_PREFIX = PREFIX;
const infra = await up();
const keys = ensureCallerKeys();

/** One run of both phases, the log reads and the restart against the integrations build in `dist`. */
async function bench(label, dist) {
  // Receivers first: the fast ones verify and answer 204 at once; the dead one never answers.
  const received = new Map(); // endpoint index → Map(eventId → latency ms)
  const stats = { requests: 0, invalid: 0, duplicates: 0 };
  const secrets = [];
  const seenIds = new Set();
  const hanging = new Set();
  function listen(handler) {
    const server = createServer(handler);
    server.keepAliveTimeout = 30_000;
    return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
  }
  const fast = [];
  for (let i = 0; i < fastCount; i++) {
    received.set(i, new Map());
    fast.push(
      await listen((req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          const arrived = Date.now();
          const body = Buffer.concat(chunks);
          stats.requests += 1;
          if (!verifyWebhook({ secret: secrets[i], headers: req.headers, body })) stats.invalid += 1;
          const id = req.headers['webhook-id'];
          if (seenIds.has(id)) stats.duplicates += 1;
          seenIds.add(id);
          const event = JSON.parse(body.toString('utf8'));
          if (!received.get(i).has(event.id)) received.get(i).set(event.id, arrived - Date.parse(event.time));
          res.writeHead(204).end();
        });
      }),
    );
  }
  let deadRequests = 0;
  const dead = await listen((req) => {
    deadRequests += 1;
    hanging.add(req.socket);
    req.resume();
  });
  const url = (server, path) => `http://127.0.0.1:${server.address().port}/${path}`;

  await deletePrefixedTopics(PREFIX);
  await ensureTopics(PREFIX);
  const run = randomUUID().slice(0, 8);
  const database = `${values['db-prefix']}_${run}_integrations`;
  const groupPrefix = `${values['db-prefix'].replace(/_/g, '-')}-${run}`;
  const logDir = join(root, '.data', 'logs', `bench-webhooks-${run}`);
  mkdirSync(logDir, { recursive: true });
  const log = openSync(join(logDir, 'integrations.log'), 'a');
  const spawnService = () =>
    spawn(process.execPath, [join(dist, 'index.js')], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(PORT),
        LOG_LEVEL: 'warn',
        MONGODB_URI: infra.mongoUri,
        MONGODB_DATABASE: database,
        KAFKA_BROKERS: infra.kafkaBrokers,
        KAFKA_TOPIC_PREFIX: PREFIX,
        KAFKA_GROUP_PREFIX: groupPrefix,
        CALLER_PUBLIC_KEY_FILE: keys.publicKey,
        WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
      },
      stdio: ['ignore', log, log],
    });
  const stopService = async (proc) => {
    if (proc.exitCode === null) proc.kill('SIGTERM');
    await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
  };
  let child = spawnService();
  const base = `http://127.0.0.1:${PORT}`;

  const kafka = new Kafka({ clientId: 'bench-webhooks', brokers: infra.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const admin = kafka.admin();

  try {
    await waitForHttp(`${base}/ready`, { what: 'integrations', proc: child, timeoutMs: 90_000 });
    await Promise.all([producer.connect(), admin.connect()]);
    // The fan-out group starts at the end of the topics: wait until it has its partitions before sending.
    const groupId = `${groupPrefix}-integrations`;
    const stable = async () => {
      for (const deadline = Date.now() + 60_000; ; await sleep(500)) {
        const { groups } = await admin.describeGroups([groupId]);
        if (groups[0]?.state === 'Stable' && groups[0].members.length > 0) return;
        if (Date.now() > deadline) throw new Error(`${groupId} did not become stable`);
      }
    };
    await stable();

    const signer = await createCallerSigner(readFileSync(keys.privateKey, 'utf8'));
    async function gql(query, variables) {
      // Caller tokens are short-lived: one per request, as the gateway does.
      const token = await signer.sign({ subject: `bench-${run}`, kind: 'user', grants: [{ role: 'member' }] });
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CALLER_HEADER]: token },
        body: JSON.stringify({ query, variables }),
      });
      const body = await res.json();
      if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 400));
      return body.data;
    }
    const CREATE = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } secret } }`;
    const eventTypes = ['ccp.registry.cluster.*'];
    const endpointIds = [];
    for (let i = 0; i < fastCount; i++) {
      const { createWebhookEndpoint: c } = await gql(CREATE, { input: { url: url(fast[i], `fast-${i}`), eventTypes } });
      secrets[i] = c.secret;
      endpointIds.push(c.endpoint.id);
    }
    const { createWebhookEndpoint: d } = await gql(CREATE, { input: { url: url(dead, 'dead'), eventTypes } });
    const deadEndpointId = d.endpoint.id;

    const fixture = JSON.parse(readFileSync(join(root, 'schemas', 'events', 'fixtures', 'ccp.registry.cluster.published.v1.json'), 'utf8'));
    const topic = `${PREFIX}ccp.registry.cluster.v1`;
    function message() {
      const clusterId = randomUUID();
      const event = { ...fixture, id: randomUUID(), subject: clusterId, time: new Date().toISOString(), sequence: 1, data: { ...fixture.data, clusterId } };
      return { key: clusterId, value: JSON.stringify(event), headers: { 'content-type': 'application/cloudevents+json' } };
    }
    const allHave = (ids) => [...received.values()].every((m) => ids.every((id) => m.has(id)));

    // Phase 1: steady rate, latency.
    const steadyIds = [];
    const started = performance.now();
    for (let tick = 1; performance.now() < started + seconds * 1000; tick++) {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      const batch = [];
      while (steadyIds.length + batch.length < due) batch.push(message());
      if (batch.length) {
        await producer.send({ topic, messages: batch, acks: 1 });
        for (const m of batch) steadyIds.push(JSON.parse(m.value).id);
      }
      await sleep(Math.max(0, started + tick * 20 - performance.now()));
    }
    for (const deadline = Date.now() + 600_000; !allHave(steadyIds); await sleep(100)) {
      if (Date.now() > deadline) throw new Error('steady phase: not every event reached every fast receiver in 600 s');
    }
    const steadyMs = performance.now() - started;
    const latencies = [...received.values()].flatMap((m) => steadyIds.map((id) => m.get(id))).sort((a, b) => a - b);
    const rssSteady = rssMiB(child.pid);

    // Phase 2: a burst, throughput.
    const burstMessages = Array.from({ length: burst }, message);
    const burstIds = burstMessages.map((m) => JSON.parse(m.value).id);
    const burstStart = Date.now();
    for (let i = 0; i < burstMessages.length; i += 500) await producer.send({ topic, messages: burstMessages.slice(i, i + 500), acks: 1 });
    const producedMs = Date.now() - burstStart;
    for (const deadline = Date.now() + 600_000; !allHave(burstIds); await sleep(100)) {
      if (Date.now() > deadline) throw new Error('burst phase: not every event reached every fast receiver in 600 s');
    }
    const burstMs = Date.now() - burstStart;
    const burstLatencies = [...received.values()].flatMap((m) => burstIds.map((id) => m.get(id))).sort((a, b) => a - b);
    const rssBurst = rssMiB(child.pid);
    const metricsText = async () => (await fetch(`${base}/metrics`)).text();
    const metricsOf = (text, name) => text.split('\n').filter((l) => l.startsWith(name)).map((l) => l.replace(/^ccp_webhook_/, '')).join(', ');
    const depthOf = (text) => Number(text.split('\n').find((l) => l.startsWith('ccp_webhook_queue_depth '))?.split(' ')[1]);
    const metrics = await metricsText();

    // The delivery log as its owner reads it: 20 a page with attempts (a fast endpoint's, filtered, the dead one's).
    const LOG = `query ($e: ID!, $s: WebhookDeliveryStatus) { webhookDeliveries(endpointId: $e, status: $s, first: 20) {
      nodes { id status nextAttemptAt deliveredAt attempts { at httpStatus error nextAttemptAt } } pageInfo { hasNextPage endCursor } } }`;
    async function timedLog(e, s) {
      const ms = [];
      let nodes = [];
      for (let k = 0; k < 3; k++) {
        const t0 = performance.now();
        nodes = (await gql(LOG, { e, s })).webhookDeliveries.nodes;
        ms.push(performance.now() - t0);
      }
      return { ms: median(ms), nodes };
    }
    const logFast = await timedLog(endpointIds[0], null);
    const logDelivered = await timedLog(endpointIds[0], 'DELIVERED');
    const logDead = await timedLog(deadEndpointId, null);
    const logOk =
      logFast.nodes.length === 20 &&
      logFast.nodes.every((n) => n.status === 'DELIVERED' && n.attempts.at(-1)?.httpStatus === 204) &&
      logDelivered.nodes.length === 20 &&
      logDead.nodes.every((n) => n.status === 'PENDING');

    // A restart: the schedule is rebuilt from the database; the dead endpoint's deliveries must all be pending again.
    const depthBefore = depthOf(await metricsText());
    await stopService(child);
    for (const s of hanging) s.destroy();
    hanging.clear();
    const restartAt = performance.now();
    child = spawnService();
    await waitForHttp(`${base}/ready`, { what: 'integrations (restarted)', proc: child, timeoutMs: 120_000 });
    const readyMs = performance.now() - restartAt;
    const depthAfter = depthOf(await metricsText());

    return {
      label,
      dist,
      steady: { events: steadyIds.length, deliveries: latencies.length, ms: steadyMs, latencies, rss: rssSteady },
      burst: { events: burst, deliveries: burstLatencies.length, ms: burstMs, producedMs, latencies: burstLatencies, rss: rssBurst },
      stats,
      deadRequests,
      attempts: metricsOf(metrics, 'ccp_webhook_attempts_total{'),
      depth: metricsOf(metrics, 'ccp_webhook_queue_depth '),
      log: { fast: logFast.ms, delivered: logDelivered.ms, dead: logDead.ms, ok: logOk },
      restart: { readyMs, depthBefore, depthAfter },
    };
  } finally {
    for (const s of hanging) s.destroy();
    for (const s of [...fast, dead]) s.close();
    await stopService(child);
    await producer.disconnect().catch(() => {});
    await admin.deleteGroups([`${groupPrefix}-integrations`]).catch(() => {});
    await admin.disconnect().catch(() => {});
    const conn = await mongoose.createConnection(infra.mongoUri, { dbName: database, maxPoolSize: 1 }).asPromise();
    await conn.dropDatabase();
    await conn.close();
    await deletePrefixedTopics(PREFIX);
  }
}

const runs = [];
try {
  if (values.baseline) runs.push(await bench('baseline', resolve(values.baseline)));
  runs.push(await bench(values.baseline ? 'this build' : 'integrations', join(root, 'services', 'integrations', 'dist')));
} finally {
  await deletePrefixedTopics(PREFIX).catch(() => {});
}

const f = (x) => x.toFixed(0);
const s1 = (ms) => `${(ms / 1000).toFixed(1)} s`;
const lat = (l) => `${f(pct(l, 50))} ms | ${f(pct(l, 95))} ms | ${f(pct(l, 99))} ms | ${f(l.at(-1))} ms`;
console.log(`Webhooks: ${fastCount} fast receivers + 1 dead (never answers; ${TIMEOUT_MS / 1000} s timeout), every ccp.registry.cluster.* event to each; integrations alone on FerretDB + Kafka, defaults (2 per endpoint, 64 in all); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end\n`);
console.log('| build | phase | events | deliveries to fast receivers | time until the last | deliveries/s | event→delivery p50 | p95 | p99 | max | RSS |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of runs) {
  const { steady: st, burst: b } = r;
  console.log(`| ${r.label} | steady ${rate}/s for ${seconds} s | ${st.events} | ${st.deliveries} | ${s1(st.ms)} | ${f(st.deliveries / (st.ms / 1000))} | ${lat(st.latencies)} | ${st.rss.toFixed(0)} MiB |`);
  console.log(`| ${r.label} | burst (produced in ${b.producedMs} ms) | ${b.events} | ${b.deliveries} | ${s1(b.ms)} | ${f(b.deliveries / (b.ms / 1000))} | ${lat(b.latencies)} | ${b.rss.toFixed(0)} MiB |`);
}
console.log('\n| build | log page (20, attempts) | DELIVERED only | dead endpoint’s | log as expected | restart until /ready | queue depth before → after restart |');
console.log('|---|---|---|---|---|---|---|');
for (const r of runs)
  console.log(`| ${r.label} | ${f(r.log.fast)} ms | ${f(r.log.delivered)} ms | ${f(r.log.dead)} ms | ${r.log.ok ? 'yes' : 'NO'} | ${s1(r.restart.readyMs)} | ${r.restart.depthBefore} → ${r.restart.depthAfter} |`);
for (const r of runs) {
  console.log(`\n${r.label} (${r.dist}): ${r.stats.requests} requests to the fast receivers, ${r.stats.invalid} failed verification, ${r.stats.duplicates} duplicates (same webhook-id).`);
  console.log(`Dead receiver: ${r.deadRequests} requests accepted and left hanging. Metrics: ${r.attempts}; ${r.depth}.`);
  if (r.stats.invalid > 0 || !r.log.ok || r.restart.depthAfter < r.restart.depthBefore) process.exitCode = 1;
}
