#!/usr/bin/env node
// The same query through the gateway and straight to the economies subgraph, side by side in one run:
// requests/s, latency percentiles and the processes' RSS. Loopback only, bounded in time.
//   node bench/gateway-vs-subgraph.mjs [--duration 10] [--connections 10]
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { SignJWT, importPKCS8 } from 'jose';
import { down, ensureTopics, up } from '../infra/infra.mjs';
import { ensureSecretariat, signIn } from '../scripts/accounts.mjs';
import { seedDemoData } from '../scripts/seed.mjs';
import { root, startStack } from '../scripts/stack.mjs';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const QUERY = '{ economies { code name clusterCount } }';

const rssMiB = (pid) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS'));
  return (Number(line.split(/\s+/)[1]) / 1024).toFixed(0);
};

async function callerToken() {
  const key = await importPKCS8(readFileSync(join(root, '.data', 'keys', 'caller-private.pem'), 'utf8'), 'ES256');
  return new SignJWT({ kind: 'anonymous', grants: [] })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject('anonymous')
    .setIssuer('ccp-gateway')
    .setAudience('ccp-subgraphs')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);
}

function load(url, headers, seconds = duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        connections,
        duration: seconds,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: QUERY }),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

// The benchmark's events go to topics of its own, never to those a running platform reads.
process.env.KAFKA_TOPIC_PREFIX = 'bench.';
const infra = await up();
await ensureTopics('bench.');
const run = randomUUID().slice(0, 8);
const stack = await startStack({
  portOffset: 200,
  databasePrefix: `bench_${run}`,
  groupPrefix: `bench-${run}`,
  logDir: join(root, '.data', 'logs', `bench-${run}`),
  // The load comes from one loopback address: lift the anonymous per-IP rate limit for the measurement.
  env: { LOG_LEVEL: 'warn', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000', RATE_LIMIT_USER_PER_MINUTE: '100000000' },
});
try {
  const { accessToken } = await signIn(stack.urls.gateway, ensureSecretariat({ databasePrefix: `bench_${run}` }));
  await seedDemoData(stack.urls.gateway, { log: () => {}, accessToken });
  const token = await callerToken();
  const targets = [
    { name: 'economies subgraph (direct, baseline)', url: stack.urls.economies, headers: { 'x-ccp-caller': token }, proc: 'economies' },
    { name: 'gateway → economies, anonymous', url: stack.urls.gateway, headers: {}, proc: 'gateway' },
    {
      name: 'gateway → economies, signed-in (Bearer, JWKS-verified)',
      url: stack.urls.gateway,
      headers: { authorization: `Bearer ${accessToken}` },
      proc: 'gateway',
    },
  ];
  // Let the read models absorb the seeded events, then warm every path up (JIT, connections) before measuring.
  const { testKafka, waitForCaughtUp } = await import('@ccp/kit/testing');
  const { TOPICS } = await import('@ccp/kit');
  await waitForCaughtUp(testKafka(), `bench-${run}-economies`, [TOPICS.cluster], 60_000);
  await new Promise((r) => setTimeout(r, 2000));
  for (const t of targets) await load(t.url, t.headers, 3);
  console.log(`query: ${QUERY}\n${connections} connections, ${duration} s each, node ${process.version}\n`);
  console.log('| path | requests/s | p50 ms | p90 ms | p99 ms | errors | RSS after (MiB) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const t of targets) {
    const r = await load(t.url, t.headers);
    console.log(
      `| ${t.name} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p90} | ${r.latency.p99} | ${r.errors + r.non2xx} | ${rssMiB(stack.pid(t.proc))} |`,
    );
  }
} finally {
  await stack.stop();
  await down(infra.started);
}
