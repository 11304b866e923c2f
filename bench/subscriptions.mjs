#!/usr/bin/env node
// GraphQL subscriptions at 1,000 concurrent subscribers: the real stack (registry and the rest from their
// built dist, real Kafka, FerretDB) with its gateway, N graphql-ws clients (one connection each) following
// `clusterChanged` with a few `cluster { … }` fields, cluster events published at a steady rate for a bounded
// time. Prints event-to-delivery latency (the event's `time` → receipt) p50/p95/p99/max, deliveries/s,
// federated executions per event (from the gateway's /metrics) and the gateway's peak RSS — first with the
// shared execution (one federated query per event and distinct selection), then the baseline with
// SUBSCRIPTION_SHARED_EXECUTION=false (one per subscriber), side by side. Loopback only, bounded in time.
//   node bench/subscriptions.mjs [--subscribers 1000] [--rate 5] [--seconds 20] [--drain 60]
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureTopics, up } from '../infra/infra.mjs';
import { ensureCallerKeys, GATEWAY_PORT, root, SUBGRAPHS, startStack, waitForHttp } from '../scripts/stack.mjs';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '20' },
    drain: { type: 'string', default: '60' },
    clusters: { type: 'string', default: '200' },
  },
});
const subscribers = Number(values.subscribers);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const drainSeconds = Number(values.drain);
const PORT_OFFSET = 900;
const PREFIX = 'bench.';
const TOPIC = `${PREFIX}ccp.registry.cluster.v1`;
const SELECTION = `subscription Bench {
  clusterChanged { cursor eventId time type cluster { id name status economyCode } }
}`;

const rssMiB = (pid) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS'));
  return Number(line.split(/\s+/)[1]) / 1024;
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const f = (x, digits = 1) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));

process.env.KAFKA_TOPIC_PREFIX = PREFIX;
const infra = await up();
await ensureTopics(PREFIX);
const logDir = join(root, '.data', 'bench', `subscriptions-${randomUUID().slice(0, 8)}`);
mkdirSync(logDir, { recursive: true });
const databasePrefix = 'bench_subs';

// Published clusters for the payloads to read: deterministic synthetic ones (a re-run skips what exists).
const generated = spawnSync(
  process.execPath,
  [join(root, 'services/registry/dist/cli/generate-clusters.js'), '--clusters', values.clusters, '--members', values.clusters, '--seed', '900'],
  {
    cwd: root,
    env: { ...process.env, MONGODB_DATABASE: `${databasePrefix}_registry`, KAFKA_BROKERS: infra.kafkaBrokers, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  },
);
if (generated.status !== 0) throw new Error(`generate:clusters failed: ${generated.stderr}`);

const stack = await startStack({
  portOffset: PORT_OFFSET,
  databasePrefix,
  groupPrefix: 'bench-subs',
  logDir,
  env: { KAFKA_TOPIC_PREFIX: PREFIX, KAFKA_BROKERS: infra.kafkaBrokers, LOG_LEVEL: 'warn' },
});
const gatewayUrl = stack.urls.gateway;
const response = await fetch(gatewayUrl, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: `{ clusters(first: 200) { nodes { id name economyCode specializations } } }` }),
});
const clusters = (await response.json()).data.clusters.nodes;
if (!clusters.length) throw new Error('no published clusters to change');
// The stack's own gateway goes: each run starts one with its own setting.
await stack.stopOne('gateway');

const keys = ensureCallerKeys();
function startGateway(shared) {
  const port = GATEWAY_PORT + PORT_OFFSET;
  const env = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: infra.kafkaBrokers,
    KAFKA_TOPIC_PREFIX: PREFIX,
    KAFKA_GROUP_PREFIX: 'bench-subs',
    CALLER_PRIVATE_KEY_FILE: keys.privateKey,
    CALLER_PUBLIC_KEY_FILE: keys.publicKey,
    SUBSCRIPTION_SHARED_EXECUTION: String(shared),
    SUBSCRIPTION_MAX_CONNECTIONS_PER_CLIENT: String(subscribers + 100),
    ...Object.fromEntries(SUBGRAPHS.map((s) => [`${s.name.toUpperCase()}_URL`, stack.urls[s.name]])),
  };
  const log = openSync(join(logDir, `gateway-${shared ? 'shared' : 'baseline'}.log`), 'a');
  const child = spawn(process.execPath, [join(root, 'gateway', 'dist', 'index.js')], { env, stdio: ['ignore', log, log] });
  closeSync(log);
  return { child, url: `http://127.0.0.1:${port}` };
}

async function metric(base, name, labels = '') {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels}`) && !l.startsWith('#'));
  return line ? Number(line.split(' ').pop()) : 0;
}

const { createClient } = await import('graphql-ws');
const { default: WebSocket } = await import('ws');
const { Kafka, logLevel, Partitioners } = await import('kafkajs');
const kafka = new Kafka({ clientId: 'bench-subs', brokers: infra.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();

let sequence = 1_000_000;
function clusterUpdated(cluster) {
  const type = 'ccp.registry.cluster.updated.v1';
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/ccp/registry',
    type,
    subject: cluster.id,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: `https://schemas.apec-ccp.org/events/${type}.schema.json`,
    sequence: sequence++,
    economy: cluster.economyCode,
    actor: 'system',
    actorrole: 'system',
    data: {
      clusterId: cluster.id,
      economy: cluster.economyCode,
      name: { en: cluster.name },
      status: 'published',
      region: null,
      location: null,
      specializations: cluster.specializations,
      changedFields: ['website'],
    },
  };
}

async function run(shared) {
  const gateway = startGateway(shared);
  await waitForHttp(`${gateway.url}/health`, { what: 'gateway', proc: gateway.child, timeoutMs: 90_000 });
  const wsUrl = `${gateway.url.replace('http', 'ws')}/graphql`;
  const latencies = [];
  const seen = new Set();
  let errors = 0;
  const errorCodes = new Map();
  const noteError = (code) => {
    errors++;
    errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
  };
  let counting = true;
  const clients = [];
  for (let i = 0; i < subscribers; i++) {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    client.subscribe(
      { query: SELECTION },
      {
        next: (result) => {
          if (!counting) return;
          const change = result.data?.clusterChanged;
          if (result.errors || !change?.cluster) noteError(result.errors?.[0]?.extensions?.code ?? 'null cluster');
          if (!change || !seen.has(change.eventId)) return;
          latencies.push(Date.now() - Date.parse(change.time));
        },
        error: (err) => counting && noteError((Array.isArray(err) ? err[0]?.extensions?.code : undefined) ?? 'closed'),
        complete: () => {},
      },
    );
    clients.push(client);
  }
  const started = Date.now();
  while ((await metric(gateway.url, 'ccp_subscriptions', '{field="clusterChanged"}')) < subscribers) {
    if (Date.now() - started > 120_000) throw new Error('subscribers did not all connect within 120 s');
    await sleep(250);
  }
  const connectSeconds = (Date.now() - started) / 1000;
  const executionsBefore = await metric(gateway.url, 'ccp_subscription_executions_total', '{field="clusterChanged"}');
  let peakRss = rssMiB(gateway.child.pid);
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMiB(gateway.child.pid));
  }, 500);

  const total = Math.round(rate * seconds);
  const t0 = Date.now();
  for (let n = 0; n < total; n++) {
    const due = t0 + (n * 1000) / rate;
    if (due > Date.now()) await sleep(due - Date.now());
    const event = clusterUpdated(clusters[n % clusters.length]);
    seen.add(event.id);
    await producer.send({
      topic: TOPIC,
      acks: -1,
      messages: [{ key: event.subject, value: JSON.stringify(event), headers: { 'content-type': 'application/cloudevents+json' } }],
    });
  }
  const expected = total * subscribers;
  const drainUntil = Date.now() + drainSeconds * 1000;
  while (latencies.length < expected && Date.now() < drainUntil) await sleep(250);
  counting = false;
  const elapsed = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  const executions = (await metric(gateway.url, 'ccp_subscription_executions_total', '{field="clusterChanged"}')) - executionsBefore;
  for (const client of clients) await client.dispose();
  gateway.child.kill('SIGTERM');
  await new Promise((r) => gateway.child.once('exit', r));
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    label: shared ? 'shared execution' : 'baseline (SUBSCRIPTION_SHARED_EXECUTION=false)',
    events: total,
    delivered: latencies.length,
    expected,
    errors: errors ? `${errors} (${[...errorCodes].map(([code, n]) => `${code}: ${n}`).join(', ')})` : '0',
    p50: pct(sorted, 50),
    p95: pct(sorted, 95),
    p99: pct(sorted, 99),
    max: sorted[sorted.length - 1],
    perSecond: latencies.length / elapsed,
    executionsPerEvent: executions / total,
    rss: peakRss,
    connectSeconds,
  };
}

try {
  const results = [await run(true), await run(false)];
  console.log(
    `\n${subscribers} graphql-ws subscribers (one connection each) to clusterChanged with cluster { id name status economyCode }; ` +
      `${rate} cluster events/s for ${seconds} s to ${TOPIC}; registry and the gateway from dist on loopback; drain ≤ ${drainSeconds} s.\n`,
  );
  console.log('| run | delivered | p50 ms | p95 ms | p99 ms | max ms | deliveries/s | executions/event | gateway peak RSS MiB | errors |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.label} | ${r.delivered}/${r.expected} | ${f(r.p50, 0)} | ${f(r.p95, 0)} | ${f(r.p99, 0)} | ${f(r.max, 0)} | ${f(r.perSecond, 0)} | ${f(r.executionsPerEvent, 1)} | ${f(r.rss, 0)} | ${r.errors} |`,
    );
  }
  const target = results[0].p95 <= 500 && results[0].delivered === results[0].expected;
  console.log(`\nTarget p95 ≤ 500 ms with the shared execution: ${target ? 'met' : 'NOT met'}.`);
} finally {
  await producer.disconnect();
  await stack.stop();
}
