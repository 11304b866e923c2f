#!/usr/bin/env node
// Webhooks under load: the integrations subgraph alone (built dist, real FerretDB and Kafka), several fast
// receivers and one dead one beside them (it accepts the connection and never answers, so each of its requests
// holds a slot until the timeout). Phase 1, steady: cluster events at a fixed rate, event-to-delivery latency at
// the fast receivers (p50/p95/p99, from the event's time to the signed POST arriving). Phase 2, burst: many events
// at once, deliveries/s until every fast receiver has them all. Every request's signature is verified with
// @ccp/integrations/signature; duplicates (same webhook-id) are counted. Prints Markdown tables. Loopback only.
// The dispatcher's per-attempt writes are updates by _id, which FerretDB's SQLite backend answers by scanning the
// collection (docs/decisions.md §18): figures fall as the delivery log grows; on MongoDB they do not.
//   node bench/webhooks.mjs [--rate 10] [--seconds 20] [--burst 500] [--fast 2]
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deletePrefixedTopics, ensureTopics, up } from '../infra/infra.mjs';
import { ensureCallerKeys, root, waitForHttp } from '../scripts/stack.mjs';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    burst: { type: 'string', default: '500' },
    fast: { type: 'string', default: '2' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const burst = Number(values.burst);
const fastCount = Number(values.fast);
const PREFIX = 'bench-wh.';
const PORT = 4006 + 650;
const TIMEOUT_MS = 10_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const rssMiB = (pid) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS'));
  return Number(line.split(/\s+/)[1]) / 1024;
};

const { verifyWebhook } = await import('@ccp/integrations/signature');
const { createCallerSigner, CALLER_HEADER } = await import('@ccp/kit');

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

process.env.KAFKA_TOPIC_PREFIX = PREFIX;
const infra = await up();
await deletePrefixedTopics(PREFIX);
await ensureTopics(PREFIX);
const run = randomUUID().slice(0, 8);
const database = `bench_wh_${run}_integrations`;
const groupPrefix = `bench-wh-${run}`;
const keys = ensureCallerKeys();
const logDir = join(root, '.data', 'logs', `bench-webhooks-${run}`);
mkdirSync(logDir, { recursive: true });
const log = openSync(join(logDir, 'integrations.log'), 'a');
const child = spawn(process.execPath, [join(root, 'services', 'integrations', 'dist', 'index.js')], {
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
const base = `http://127.0.0.1:${PORT}`;

const { Kafka, logLevel } = await import('kafkajs');
const kafka = new Kafka({ clientId: 'bench-webhooks', brokers: infra.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
const producer = kafka.producer();
const admin = kafka.admin();
const { default: mongoose } = await import('mongoose');

try {
  await waitForHttp(`${base}/ready`, { what: 'integrations', proc: child, timeoutMs: 90_000 });
  await Promise.all([producer.connect(), admin.connect()]);
  // The fan-out group starts at the end of the topics: wait until it has its partitions before sending.
  const groupId = `${groupPrefix}-integrations`;
  for (const deadline = Date.now() + 60_000; ; await sleep(500)) {
    const { groups } = await admin.describeGroups([groupId]);
    if (groups[0]?.state === 'Stable' && groups[0].members.length > 0) break;
    if (Date.now() > deadline) throw new Error(`${groupId} did not become stable`);
  }

  const signer = await createCallerSigner(readFileSync(keys.privateKey, 'utf8'));
  const token = await signer.sign({ subject: `bench-${run}`, kind: 'user', grants: [{ role: 'member' }] });
  async function gql(query, variables) {
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
  for (let i = 0; i < fastCount; i++) {
    const { createWebhookEndpoint: c } = await gql(CREATE, { input: { url: url(fast[i], `fast-${i}`), eventTypes } });
    secrets[i] = c.secret;
  }
  await gql(CREATE, { input: { url: url(dead, 'dead'), eventTypes } });

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
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const metric = (name) => metrics.split('\n').filter((l) => l.startsWith(name)).map((l) => l.replace(/^ccp_webhook_/, '')).join(', ');

  const f = (x) => x.toFixed(0);
  console.log(`Webhooks: ${fastCount} fast receivers + 1 dead (never answers; ${TIMEOUT_MS / 1000} s timeout), every ccp.registry.cluster.* event to each; integrations alone on FerretDB + Kafka, defaults (2 per endpoint, 64 in all)\n`);
  console.log('| phase | events | deliveries to fast receivers | time until the last | deliveries/s | event→delivery p50 | p95 | p99 | max | RSS |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  console.log(`| steady ${rate}/s for ${seconds} s | ${steadyIds.length} | ${latencies.length} | ${(steadyMs / 1000).toFixed(1)} s | ${f(latencies.length / (steadyMs / 1000))} | ${f(pct(latencies, 50))} ms | ${f(pct(latencies, 95))} ms | ${f(pct(latencies, 99))} ms | ${f(latencies.at(-1))} ms | ${rssSteady.toFixed(0)} MiB |`);
  console.log(`| burst (produced in ${producedMs} ms) | ${burst} | ${burstLatencies.length} | ${(burstMs / 1000).toFixed(1)} s | ${f(burstLatencies.length / (burstMs / 1000))} | ${f(pct(burstLatencies, 50))} ms | ${f(pct(burstLatencies, 95))} ms | ${f(pct(burstLatencies, 99))} ms | ${f(burstLatencies.at(-1))} ms | ${rssBurst.toFixed(0)} MiB |`);
  console.log(`\nSignatures: ${stats.requests} requests to the fast receivers, ${stats.invalid} failed verification, ${stats.duplicates} duplicates (same webhook-id).`);
  console.log(`Dead receiver: ${deadRequests} requests accepted and left hanging. Metrics: ${metric('ccp_webhook_attempts_total{')}; ${metric('ccp_webhook_queue_depth ')}.`);
  if (stats.invalid > 0) process.exitCode = 1;
} finally {
  for (const s of hanging) s.destroy();
  for (const s of [...fast, dead]) s.close();
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  await producer.disconnect().catch(() => {});
  await admin.deleteGroups([`${groupPrefix}-integrations`]).catch(() => {});
  await admin.disconnect().catch(() => {});
  const conn = await mongoose.createConnection(infra.mongoUri, { dbName: database, maxPoolSize: 1 }).asPromise();
  await conn.dropDatabase();
  await conn.close();
  await deletePrefixedTopics(PREFIX);
}
