#!/usr/bin/env node
// `npm run bench`: every benchmark, one after another; each prints a Markdown table.
import { spawnSync } from 'node:child_process';
import { root } from '../scripts/stack.mjs';

for (const [script, ...args] of [['bench/stack-start.mjs', ...process.argv.slice(2)], ['bench/gateway-vs-subgraph.mjs'], ['bench/registry-search.mjs'], ['bench/kpi-freshness.mjs'], ['bench/b2b-scheduler.mjs'], ['bench/suggestions.mjs'], ['bench/survey-results.mjs'], ['bench/subscriptions.mjs'], ['bench/webhooks.mjs'], ['bench/web.mjs']]) {
  console.log(`\n## ${script}\n`);
  const r = spawnSync('node', [script, ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
