#!/usr/bin/env node
// `npm start`: infrastructure up → build → subgraphs and gateway → demo data → web client; Ctrl-C stops
// everything this run started.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { down, up } from '../infra/infra.mjs';
import { ensureSecretariat, signIn } from './accounts.mjs';
import { seedDemoData } from './seed.mjs';
import { assertPortFree, root, startStack, SUBGRAPHS, waitForHttp } from './stack.mjs';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const infra = await up();

console.log('[start] building the workspace (turbo caches what has not changed)');
const build = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  await down(infra.started);
  process.exit(build.status ?? 1);
}

const logDir = join(root, '.data', 'logs');
let stack;
let web;
let stopping = false;
let demoAccount;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping');
  try {
    if (web?.pid && web.exitCode === null) process.kill(-web.pid, 'SIGTERM');
  } catch {}
  await stack?.stop().catch((err) => console.error(`[start] ${err.message}`));
  await down(infra.started).catch((err) => console.error(`[start] ${err.message}`));
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  stack = await startStack({ logDir });
  console.log(`[start] subgraphs and gateway ready (${elapsed()}); logs in ${logDir}`);
  const secretariat = ensureSecretariat();
  const { accessToken } = await signIn(stack.urls.gateway, secretariat);
  await seedDemoData(stack.urls.gateway, { accessToken });
  demoAccount = secretariat;
  await assertPortFree(5173, 'the web client');
  web = spawn('npm', ['run', 'start', '-w', '@ccp/web'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, GATEWAY_URL: 'http://127.0.0.1:4000' },
    // Its own process group: stopping it stops npm and the vite server under it.
    detached: true,
  });
  await waitForHttp('http://127.0.0.1:5173/', { what: 'web client', proc: web });
  web.once('exit', (exitCode) => {
    console.error(`[start] the web client stopped (exit ${exitCode})`);
    void stopAll(1);
  });
} catch (err) {
  console.error(`[start] ${err.message}`);
  await stopAll(1);
}

console.log(`
APEC Cluster Collaboration Platform is up (${elapsed()}):
  web client        http://127.0.0.1:5173/
  GraphQL gateway   ${stack.urls.gateway}
  subgraphs         ${SUBGRAPHS.map(({ name }) => `${name} ${stack.urls[name]}`).join('\n                    ')}
  MongoDB           ${infra.mongoUri}
  Kafka             ${infra.kafkaBrokers}
  demo secretariat  ${demoAccount.email} / ${demoAccount.password}  (password kept in .data/keys/)
Press Ctrl-C to stop.`);
