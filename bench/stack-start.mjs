#!/usr/bin/env node
// Stack start time: cold (first provisioning into empty Maven, Go and project caches, then start) and warm
// (caches and data in place), on ports of their own so a running platform is not disturbed.
//   node bench/stack-start.mjs [--skip-cold]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from '../scripts/stack.mjs';

const { values } = parseArgs({ options: { 'skip-cold': { type: 'boolean', default: false } } });
const work = mkdtempSync(join(tmpdir(), 'ccp-bench-start-'));
const env = {
  ...process.env,
  CCP_CACHE_DIR: join(work, 'cache'),
  CCP_DATA_DIR: join(work, 'data'),
  KAFKA_PORT: '19092',
  KAFKA_CONTROLLER_PORT: '19093',
  FERRETDB_PORT: '37017',
};
delete env.KAFKA_BROKERS;
delete env.MONGODB_URI;

function timed(label, args, extraEnv = {}) {
  const started = Date.now();
  const r = spawnSync('node', ['infra/infra.mjs', ...args], { cwd: root, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  const seconds = (Date.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${label} failed:\n${r.stdout}${r.stderr}`);
  return seconds;
}

const rows = [];
try {
  if (!values['skip-cold']) {
    // Empty Maven repository and Go caches: what a fresh machine downloads and compiles.
    const cold = {
      MAVEN_OPTS: `-Dmaven.repo.local=${join(work, 'm2')}`,
      GOCACHE: join(work, 'gocache'),
      GOMODCACHE: join(work, 'gomod'),
    };
    rows.push(['cold: provision (Maven jars, go build FerretDB) + start + topics', timed('cold up', ['up'], cold)]);
    timed('down', ['down']);
    spawnSync('chmod', ['-R', 'u+w', join(work, 'gomod')]);
  } else {
    timed('provision', ['provision']);
  }
  rows.push(['warm: start Kafka + FerretDB, wait until both answer, topics', timed('warm up', ['up'])]);
  rows.push(['warm: second `up` while running (idempotent)', timed('again', ['up'])]);
  timed('down', ['down']);
  rows.push(['warm: restart after `down` (data kept)', timed('restart', ['up'])]);
  timed('down', ['down']);
} finally {
  spawnSync('node', ['infra/infra.mjs', 'down'], { cwd: root, env });
  spawnSync('chmod', ['-R', 'u+w', work]);
  rmSync(work, { recursive: true, force: true });
}
console.log('| infra step | seconds |\n|---|---:|');
for (const [label, s] of rows) console.log(`| ${label} | ${s.toFixed(1)} |`);
