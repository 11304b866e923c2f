#!/usr/bin/env node
// Partner suggestions at APEC scale, through the gateway: 10,000 synthetic published clusters (registry's
// generator, their events on the bench topics), matchmaking's read model fed from those events, then one
// cluster's `suggestedPartners(first: 10)` with every criterion, at 1 and 10 clients, through the gateway and
// straight to the matchmaking subgraph. Baselines in the same run: the same ranking computed per request from
// the facts in the database (no in-memory index), and the old Jaccard-only query over the database. Prints
// Markdown tables and RSS. Loopback only, bounded in time (≈ 2–3 minutes).
//   node bench/suggestions.mjs [--clusters 10000] [--members 20000] [--duration 6] [--clients 10]
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importPKCS8, SignJWT } from 'jose';
import { down, ensureTopics, up } from '../infra/infra.mjs';
import { ensureSecretariat, signIn } from '../scripts/accounts.mjs';
import { root, startStack } from '../scripts/stack.mjs';

const { values } = parseArgs({
  options: {
    clusters: { type: 'string', default: '10000' },
    members: { type: 'string', default: '20000' },
    duration: { type: 'string', default: '6' },
    clients: { type: 'string', default: '10' },
  },
});
const duration = Number(values.duration) * 1000;
const clients = Number(values.clients);
const BASELINE_REQUESTS = 5;

const rssMiB = (pid) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS'));
  return Number(line.split(/\s+/)[1]) / 1024;
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const f = (x) => (x === undefined ? '–' : x.toFixed(1));
const seconds = (since) => ((performance.now() - since) / 1000).toFixed(1);

async function post(url, query, variables, headers) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return body;
}

/** `n` clients each sending one request after the other for `ms`; latencies in ms. */
async function load(n, ms, request) {
  const latencies = [];
  let errors = 0;
  const until = Date.now() + ms;
  await Promise.all(
    Array.from({ length: n }, async (_, client) => {
      for (let i = 0; Date.now() < until; i += 1) {
        const t = performance.now();
        try {
          await request(client * 100_003 + i);
          latencies.push(performance.now() - t);
        } catch (err) {
          errors += 1;
          if (errors === 1) console.error(String(err).slice(0, 300));
        }
      }
    }),
  );
  return summary(latencies, ms, errors);
}

function summary(latencies, ms, errors = 0) {
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    rps: latencies.length / (ms / 1000),
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    errors,
  };
}

/** `n` requests one after the other (for baselines that take seconds each). */
async function sequential(n, request) {
  const latencies = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i += 1) {
    const t = performance.now();
    await request(i);
    latencies.push(performance.now() - t);
  }
  return summary(latencies, performance.now() - t0);
}

/** A caller token as the gateway would sign it, for calling the subgraph directly. */
async function secretariatCallerToken() {
  const key = await importPKCS8(
    readFileSync(join(root, '.data', 'keys', 'caller-private.pem'), 'utf8'),
    'ES256',
  );
  return new SignJWT({ kind: 'user', grants: [{ role: 'secretariat' }] })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject('bench-secretariat')
    .setIssuer('ccp-gateway')
    .setAudience('ccp-subgraphs')
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(key);
}

process.env.KAFKA_TOPIC_PREFIX = 'bench.';
const infra = await up();
await ensureTopics('bench.');
const run = randomUUID().slice(0, 8);
const databasePrefix = `bench_${run}`;
const groupPrefix = `bench-${run}`;
const clusterTopic = 'bench.ccp.registry.cluster.v1';

const { default: mongoose } = await import('mongoose');
const { Kafka, logLevel } = await import('kafkajs');
const kafka = new Kafka({
  clientId: 'bench-suggestions',
  brokers: infra.kafkaBrokers.split(','),
  logLevel: logLevel.NOTHING,
});
const admin = kafka.admin();
const registryDb = await mongoose
  .createConnection(infra.mongoUri, { dbName: `${databasePrefix}_registry`, maxPoolSize: 1 })
  .asPromise();
const matchmakingDb = await mongoose
  .createConnection(infra.mongoUri, { dbName: `${databasePrefix}_matchmaking`, maxPoolSize: 1 })
  .asPromise();
let stack;
try {
  console.log(`generating ${values.clusters} published clusters with ${values.members} members …`);
  let t = performance.now();
  const gen = spawnSync(
    'node',
    [
      'services/registry/dist/cli/generate-clusters.js',
      '--clusters',
      values.clusters,
      '--members',
      values.members,
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        MONGODB_URI: infra.mongoUri,
        MONGODB_DATABASE: `${databasePrefix}_registry`,
        LOG_LEVEL: 'warn',
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (gen.status !== 0) throw new Error(`generator failed:\n${gen.stdout}`);
  const generated = seconds(t);

  // matchmaking's facts consumer reads the whole bench cluster topic (this run's events and earlier runs'):
  // its lag is watched from the platform's launch, so the catch-up time includes the process's start.
  await admin.connect();
  const lag = async () => {
    const ends = await admin.fetchTopicOffsets(clusterTopic);
    const committed =
      (await admin.fetchOffsets({ groupId: `${groupPrefix}-matchmaking`, topics: [clusterTopic] }))[0]
        ?.partitions ?? [];
    return ends.reduce((sum, end) => {
      const at = Number(committed.find((p) => p.partition === end.partition)?.offset ?? '-1');
      return sum + Number(end.high) - (at < 0 ? Number(end.low) : at);
    }, 0);
  };
  const backlog = await lag();
  t = performance.now();
  const launched = t;
  let caughtUp;
  const watching = (async () => {
    while (caughtUp === undefined && performance.now() - launched < 180_000) {
      if ((await lag().catch(() => 1)) === 0) caughtUp = seconds(launched);
      else await sleep(250);
    }
  })();
  stack = await startStack({
    portOffset: 400,
    databasePrefix,
    groupPrefix,
    logDir: join(root, '.data', 'logs', `bench-${run}`),
    env: {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000',
      RATE_LIMIT_USER_PER_MINUTE: '100000000',
    },
  });
  const started = seconds(t);
  const gw = stack.urls.gateway;
  const headers = {
    authorization: `Bearer ${(await signIn(gw, ensureSecretariat({ databasePrefix }))).accessToken}`,
  };
  const direct = { 'x-ccp-caller': await secretariatCallerToken() };

  await watching;
  if (caughtUp === undefined) throw new Error(`matchmaking still ${await lag()} events behind after 180 s`);
  const facts = matchmakingDb.db.collection('cluster_facts');
  const published = await facts.countDocuments({ status: 'published' });
  const ids = (
    await registryDb.db
      .collection('clusters')
      .find({ status: 'published' }, { projection: { _id: 1 } })
      .limit(500)
      .toArray()
  ).map((d) => d._id);
  const rssLoaded = rssMiB(stack.pid('matchmaking'));

  const WITH_NAMES = `query ($id: ID!) { cluster(id: $id) { suggestedPartners(first: 10) { score criteria { name contribution } cluster { name } } } }`;
  const IDS_ONLY = `query ($id: ID!) { cluster(id: $id) { suggestedPartners(first: 10) { score criteria { name contribution } cluster { id } } } }`;
  const ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Cluster { suggestedPartners(first: 10) { score criteria { name weight value contribution reason } cluster { id } } } } }`;
  const viaGateway = (query) => (i) => post(gw, query, { id: ids[i % ids.length] }, headers);
  const viaSubgraph = (i) =>
    post(
      stack.urls.matchmaking,
      ENTITIES,
      { reps: [{ __typename: 'Cluster', id: ids[i % ids.length] }] },
      direct,
    );

  const probe = await post(gw, WITH_NAMES, { id: ids[0] }, headers);
  const sample = probe.data.cluster.suggestedPartners;
  if (sample.length === 0) throw new Error('no suggestions for the probe cluster: is the read model empty?');
  for (let i = 0; i < 30; i += 1) await viaGateway(WITH_NAMES)(i);

  const rows = [];
  for (const [label, request] of [
    ['gateway: suggestedPartners(first: 10) + partner names (registry)', viaGateway(WITH_NAMES)],
    ['gateway: suggestedPartners(first: 10), partner ids only', viaGateway(IDS_ONLY)],
    ['matchmaking subgraph directly (_entities, all criterion fields)', viaSubgraph],
  ]) {
    const one = await load(1, duration, request);
    const many = await load(clients, duration, request);
    rows.push([label, one, many]);
  }
  const rssAfter = rssMiB(stack.pid('matchmaking'));

  // Baselines: no maintained index. (1) Read every published cluster's facts from the database and rank them
  // with the same scoring; (2) the previous implementation: Jaccard of specializations over a `$in` query.
  const { PartnerIndex } = await import('../services/matchmaking/dist/matching/partner-index.js');
  const { toClusterFacts } = await import('../services/matchmaking/dist/model/cluster-facts.js');
  const fromDatabase = await sequential(BASELINE_REQUESTS, async (i) => {
    const id = ids[i % ids.length];
    const docs = await facts.find({ $or: [{ status: 'published' }, { _id: id }] }).toArray();
    const index = new PartnerIndex();
    for (const doc of docs) index.putFacts(toClusterFacts(doc), doc.applied.sequence);
    return index.suggest(id, 10);
  });
  const jaccard = await sequential(BASELINE_REQUESTS, async (i) => {
    const self = await facts.findOne({ _id: ids[i % ids.length] });
    const others = await facts
      .find(
        {
          status: 'published',
          economy: { $ne: self.economy },
          _id: { $ne: self._id },
          specializations: { $in: self.specializations },
        },
        { projection: { applied: 0 } },
      )
      .toArray();
    const mine = new Set(self.specializations);
    return others
      .map((o) => {
        const union = new Set([...mine, ...o.specializations]);
        return { id: o._id, score: o.specializations.filter((s) => mine.has(s)).length / union.size };
      })
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, 10);
  });

  console.log(
    `\n${published.toLocaleString('en-US')} published clusters in matchmaking's read model; secretariat caller; node ${process.version}\n`,
  );
  console.log(`| step | seconds |\n|---|---:|`);
  console.log(`| generate ${values.clusters} clusters (registry's generator, events sent) | ${generated} |`);
  console.log(`| start the platform (5 subgraphs + gateway, each ready) | ${started} |`);
  console.log(
    `| matchmaking's read model caught up with the cluster topic (${backlog.toLocaleString('en-US')} events), from launch | ${caughtUp} |`,
  );
  console.log(
    `\n| one cluster's suggestions | 1 client p50 / p95 / p99 ms | 1 client req/s | ${clients} clients p50 / p95 / p99 ms | ${clients} clients req/s | errors |`,
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [label, one, many] of rows) {
    console.log(
      `| ${label} | ${f(one.p50)} / ${f(one.p95)} / ${f(one.p99)} | ${one.rps.toFixed(0)} | ${f(many.p50)} / ${f(many.p95)} / ${f(many.p99)} | ${many.rps.toFixed(0)} | ${one.errors + many.errors} |`,
    );
  }
  console.log(
    `\n| baseline without the index, in the bench process, ${BASELINE_REQUESTS} requests | p50 ms | p95 ms |\n|---|---:|---:|`,
  );
  console.log(
    `| read all published facts from FerretDB, rank with the same score | ${f(fromDatabase.p50)} | ${f(fromDatabase.p95)} |`,
  );
  console.log(
    `| previous implementation: Jaccard of specializations over a \`$in\` query | ${f(jaccard.p50)} | ${f(jaccard.p95)} |`,
  );
  console.log(`\n| process | RSS (MiB) |\n|---|---:|`);
  console.log(`| matchmaking, read model loaded | ${rssLoaded.toFixed(0)} |`);
  console.log(`| matchmaking, after the load | ${rssAfter.toFixed(0)} |`);
  for (const p of ['gateway', 'registry'])
    console.log(`| ${p}, after the load | ${rssMiB(stack.pid(p)).toFixed(0)} |`);
  console.log(
    `\nprobe: ${sample[0].cluster.name} scored ${sample[0].score} (${sample[0].criteria.map((c) => `${c.name} ${c.contribution}`).join(', ')})`,
  );
} finally {
  await admin.disconnect().catch(() => {});
  await registryDb.close();
  await matchmakingDb.close();
  await stack?.stop();
  await down(infra.started);
}
