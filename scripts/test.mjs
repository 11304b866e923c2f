#!/usr/bin/env node
// `npm test`: infrastructure up if needed → build → every package's tests (unit and component tests on the
// real stores) → supergraph drift check → end-to-end tests through the gateway. Prints one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deletePrefixedTopics, down, ensureChromium, ensureTopics, up } from '../infra/infra.mjs';
import { root } from './stack.mjs';

const PACKAGES = [
  'services/kit',
  'services/registry',
  'services/economies',
  'services/matchmaking',
  'services/surveys',
  'services/accounts',
  'services/integrations',
  'gateway',
  'clients/web',
  'clients/integrator',
];

const resultsDir = join(root, '.data', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const totals = { passed: 0, failed: 0, files: 0 };
const failures = [];

function step(label, cmd, args, cwd = root) {
  console.log(`\n[test] ${label}`);
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  return r.status === 0;
}

function vitest(label, cwd, extraArgs = []) {
  const out = join(resultsDir, `${label.replace(/\W+/g, '_')}.json`);
  const ok = step(label, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...extraArgs], cwd);
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += report.numPassedTests;
    // A file that fails in its hooks fails no test but skips them all: count such a file as one failure.
    const brokenFiles = report.testResults.filter(
      (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
    ).length;
    totals.failed += report.numFailedTests + brokenFiles;
    totals.files += report.numTotalTestSuites;
    if (report.numTotalTests === 0) {
      failures.push(`${label}: no tests ran`);
    }
  }
  if (!ok) failures.push(label);
}

// Tests publish to `test.`-prefixed topics, never to those a running platform reads.
process.env.KAFKA_TOPIC_PREFIX = 'test.';
const infra = await up();
try {
  // Fresh test topics every run: consumers under test replay them from the start.
  await deletePrefixedTopics('test.');
  await ensureTopics('test.');
  process.env.CHROMIUM_PATH = ensureChromium();
  if (!step('build', 'npx', ['turbo', 'run', 'build', '--output-logs=errors-only'])) {
    failures.push('build');
  } else {
    for (const pkg of PACKAGES) {
      if (!existsSync(join(root, pkg, 'package.json'))) continue;
      // Each package's consumers replay the shared test topics from the start: not the events of the packages before.
      await deletePrefixedTopics('test.');
      await ensureTopics('test.');
      vitest(pkg, join(root, pkg));
    }
    if (!step('supergraph drift check', 'node', ['scripts/compose.mjs', '--check'])) failures.push('compose:check');
    if (!step('schema evolution check', 'node', ['scripts/schema-diff.mjs'])) failures.push('schema:check');
    // The end-to-end stacks' consumers start from the earliest offset: the same for them.
    await deletePrefixedTopics('test.');
    await ensureTopics('test.');
    vitest('e2e', root, ['--config', 'e2e/vitest.config.ts']);
  }
} catch (err) {
  console.error(`[test] ${err.stack ?? err}`);
  failures.push('setup');
} finally {
  if (!process.env.CCP_KEEP_INFRA) await down(infra.started);
}

console.log(`\n[test] ${failures.length ? `FAILED: ${failures.join(', ')}` : 'all green'}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(failures.length ? 1 : 0);
