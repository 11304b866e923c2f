#!/usr/bin/env node
// The registry at APEC scale, through the gateway: 10,000 synthetic clusters with 200,000 members, then
// search pages, profiles and the map's points, each beside a baseline answered straight by the database
// (what the registry would cost without its in-memory read model). Prints latency percentiles, payloads,
// database round trips and RSS. Loopback only, bounded in time.
//   node bench/registry-search.mjs [--clusters 10000] [--members 200000] [--duration 8] [--clients 10]
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { down, ensureTopics, up } from '../infra/infra.mjs';
import { root, startStack } from '../scripts/stack.mjs';

const { values } = parseArgs({
  options: {
    clusters: { type: 'string', default: '10000' },
    members: { type: 'string', default: '200000' },
    duration: { type: 'string', default: '8' },
    clients: { type: 'string', default: '10' },
  },
});
const duration = Number(values.duration) * 1000;
const clients = Number(values.clients);

const rssMiB = (pid) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS'));
  return Number(line.split(/\s+/)[1]) / 1024;
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function post(url, query, variables) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  const body = JSON.parse(text);
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return { body, bytes: Buffer.byteLength(text) };
}

/** `n` clients each sending one request after the other for the duration; latencies in ms. */
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
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, rps: latencies.length / (ms / 1000), p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), errors };
}

const metric = async (url, name) => {
  const text = await (await fetch(url.replace('/graphql', '/metrics'))).text();
  let total = 0;
  for (const line of text.split('\n')) if (line.startsWith(name) && !line.startsWith('#')) total += Number(line.split(' ').at(-1));
  return total;
};

process.env.KAFKA_TOPIC_PREFIX = 'bench.';
const infra = await up();
await ensureTopics('bench.');
const run = randomUUID().slice(0, 8);
const databasePrefix = `bench_${run}`;

console.log(`generating ${values.clusters} clusters with ${values.members} members …`);
const gen = spawnSync(
  'node',
  ['services/registry/dist/cli/generate-clusters.js', '--clusters', values.clusters, '--members', values.members],
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
console.log(gen.stdout.trim().split('\n').slice(-3).join('\n'));

const stack = await startStack({
  portOffset: 200,
  databasePrefix,
  groupPrefix: `bench-${run}`,
  logDir: join(root, '.data', 'logs', `bench-${run}`),
  env: { LOG_LEVEL: 'warn', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000', RATE_LIMIT_USER_PER_MINUTE: '100000000' },
});
const { default: mongoose } = await import('mongoose');
const direct = await mongoose
  .createConnection(infra.mongoUri, { dbName: `${databasePrefix}_registry`, maxPoolSize: 1 })
  .asPromise();
try {
  const gw = stack.urls.gateway;
  const registry = stack.urls.registry;
  const ids = (await direct.db.collection('clusters').find({}, { projection: { _id: 1 } }).limit(2000).toArray()).map((d) => d._id);
  console.log(`registry RSS after loading ${values.clusters} clusters: ${rssMiB(stack.pid('registry')).toFixed(0)} MiB\n`);

  const PAGE = `query ($filter: ClusterFilter, $sort: ClusterSort, $first: Int) {
    clusters(filter: $filter, sort: $sort, first: $first) {
      totalCount
      nodes { id slug name economy { code name } specializations completeness memberCount memberTypes }
      pageInfo { hasNextPage endCursor }
      facets { economies { value count } specializations { value count } memberTypes { value count } internationalMembership { value count } }
    }
  }`;
  const searches = [
    ['first page, no filter, by name', {}],
    ['economy + specialization filter, by member count', { filter: { economies: ['RU', 'CN', 'JP'], specializations: ['ict'] }, sort: 'MEMBER_COUNT' }],
    ['text, Latin prefix ("petro")', { filter: { text: 'petro' }, sort: 'RELEVANCE' }],
    ['text, Cyrillic ("нефтехим")', { filter: { text: 'нефтехим' }, sort: 'RELEVANCE' }],
    ['text, CJK ("技术")', { filter: { text: '技术' } }],
    ['text, accents folded ("energia")', { filter: { text: 'energia' } }],
  ];
  const PROFILE = `query ($id: ID!) { cluster(id: $id) {
    id slug name names { en ru } economy { code name } region location { lat lng } specializations status
    mission { text } keyMembers { name type role } productsAndServices { text } internationalMemberships { name url }
    management { name } partnershipDestinations successStories { title { text } year international }
    contacts { name position email languages } founded website employees memberCount completeness updatedAt
  } }`;
  const MAP = `{ clusterMapPoints { count ids lat lng economyCodes specializations names } }`;

  // Warm-up: JIT, connections, the read model's name order.
  for (const [, v] of searches) await post(gw, PAGE, { first: 50, ...v });
  await load(clients, 2000, (i) => post(gw, PROFILE, { id: ids[i % ids.length] }));

  const rows = [];
  const roundTrips = async (fn) => {
    const before = await metric(registry, 'ccp_mongo_commands_total');
    const n = await fn();
    return ((await metric(registry, 'ccp_mongo_commands_total')) - before) / n;
  };
  for (const [label, v] of searches) {
    const { body } = await post(gw, PAGE, { first: 50, ...v });
    const one = await load(1, duration / 2, () => post(gw, PAGE, { first: 50, ...v }));
    const many = await load(clients, duration / 2, () => post(gw, PAGE, { first: 50, ...v }));
    const rt = await roundTrips(async () => {
      for (let i = 0; i < 20; i += 1) await post(gw, PAGE, { first: 50, ...v });
      return 20;
    });
    rows.push([`search: ${label} (${body.data.clusters.totalCount} matches)`, one, many, rt]);
  }
  const profile1 = await load(1, duration / 2, (i) => post(gw, PROFILE, { id: ids[i % ids.length] }));
  const profileN = await load(clients, duration, (i) => post(gw, PROFILE, { id: ids[(i * 7919) % ids.length] }));
  const profileRt = await roundTrips(async () => {
    for (let i = 0; i < 50; i += 1) await post(gw, PROFILE, { id: ids[i] });
    return 50;
  });
  rows.push(['profile by id (full profile + economy name from economies)', profile1, profileN, profileRt]);
  const OWN = PROFILE.replace('economy { code name }', 'economyCode');
  const own1 = await load(1, duration / 2, (i) => post(gw, OWN, { id: ids[i % ids.length] }));
  const ownN = await load(clients, duration, (i) => post(gw, OWN, { id: ids[(i * 7919) % ids.length] }));
  rows.push(['profile by id (full profile, registry only)', own1, ownN, 0]);
  const DIRECT_PAGE = PAGE.replace('economy { code name }', 'economyCode');
  const page1 = await load(1, duration / 2, () => post(gw, DIRECT_PAGE, { first: 50 }));
  const pageN = await load(clients, duration / 2, () => post(gw, DIRECT_PAGE, { first: 50 }));
  rows.push(['search: first page, registry fields only (no economy names)', page1, pageN, 0]);

  // Baselines: the same questions asked of the database directly, as a registry without a read model would.
  const col = direct.db.collection('clusters');
  const baseSearch = await load(1, duration / 2, async () => {
    const filter = { status: 'published', 'names.en': { $regex: '^petro', $options: 'i' } };
    await Promise.all([col.find(filter).sort({ 'names.en': 1 }).limit(50).toArray(), col.countDocuments(filter)]);
  });
  const baseFirst = await load(1, duration / 2, async () => {
    await Promise.all([col.find({ status: 'published' }).sort({ 'names.en': 1 }).limit(50).toArray(), col.countDocuments({ status: 'published' })]);
  });
  const baseProfile = await load(1, duration / 2, (i) => col.findOne({ _id: ids[i % ids.length] }));

  const map = await post(gw, MAP);
  const mapGzip = gzipSync(JSON.stringify(map.body)).length;
  const mapLoad = await load(1, duration / 2, () => post(gw, MAP));

  const f = (x) => x.toFixed(1);
  console.log(`${values.clusters} clusters / ${values.members} members; through the gateway; ${clients} clients; node ${process.version}\n`);
  console.log('| query | 1 client p50 / p95 ms | 1 client req/s | ' + clients + ' clients p50 / p95 / p99 ms | ' + clients + ' clients req/s | DB round trips per query | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [label, one, many, rt] of rows) {
    console.log(`| ${label} | ${f(one.p50)} / ${f(one.p95)} | ${one.rps.toFixed(0)} | ${f(many.p50)} / ${f(many.p95)} / ${f(many.p99)} | ${many.rps.toFixed(0)} | ${rt.toFixed(2)} | ${one.errors + many.errors} |`);
  }
  console.log(`\n| baseline: straight to FerretDB (SQLite), 1 client | p50 ms | p95 ms | req/s |\n|---|---:|---:|---:|`);
  console.log(`| first page by name + count (status filter, sort, limit 50) | ${f(baseFirst.p50)} | ${f(baseFirst.p95)} | ${baseFirst.rps.toFixed(0)} |`);
  console.log(`| prefix regex on the English name + count | ${f(baseSearch.p50)} | ${f(baseSearch.p95)} | ${baseSearch.rps.toFixed(0)} |`);
  console.log(`| findOne by _id | ${f(baseProfile.p50)} | ${f(baseProfile.p95)} | ${baseProfile.rps.toFixed(0)} |`);
  console.log(`\n| map points (all published clusters) | value |\n|---|---:|`);
  console.log(`| points | ${map.body.data.clusterMapPoints.count} |`);
  console.log(`| payload, JSON | ${(map.bytes / 1024).toFixed(0)} KB |`);
  console.log(`| payload, gzip | ${(mapGzip / 1024).toFixed(0)} KB |`);
  console.log(`| time p50 / p95, 1 client | ${f(mapLoad.p50)} / ${f(mapLoad.p95)} ms |`);
  console.log(`\n| process | RSS after (MiB) |\n|---|---:|`);
  for (const p of ['registry', 'gateway', 'economies']) console.log(`| ${p} | ${rssMiB(stack.pid(p)).toFixed(0)} |`);
} finally {
  await direct.close();
  await stack.stop();
  await down(infra.started);
}
