#!/usr/bin/env node
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runMirror } from './run-mirror.js';

const usage = `Usage: ccp-mirror --gateway <url> --out <file> [--api-key <key> | --token <jwt>] [--format json] [--once]

Mirrors every published cluster of the platform into a local JSON file: a catch-up query plus the
clusterChanged subscription, resumed from the cursor saved in the file.

  --gateway   the gateway's URL (default $CCP_GATEWAY_URL or http://127.0.0.1:4000)
  --out       the mirror file (default $CCP_MIRROR_FILE or ./clusters.mirror.json)
  --api-key   an API key (default $CCP_API_KEY); without one, as a visitor
  --token     a signed-in user's access token instead (default $CCP_TOKEN)
  --format    json (the only format of this version)
  --once      catch up, then exit (otherwise follow changes until SIGINT/SIGTERM)
  --idle-ms   quiet time that counts as caught up (default 1000)`;

function fail(message: string): never {
  console.error(`ccp-mirror: ${message}\n\n${usage}`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      gateway: { type: 'string' },
      out: { type: 'string' },
      'api-key': { type: 'string' },
      token: { type: 'string' },
      format: { type: 'string', default: 'json' },
      once: { type: 'boolean', default: false },
      'idle-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
}
try {
  args = parse();
} catch (err) {
  fail((err as Error).message);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}
if (args.format !== 'json') fail(`--format ${args.format}: only json is supported`);
const idleMs = args['idle-ms'] === undefined ? undefined : Number(args['idle-ms']);
if (idleMs !== undefined && !(Number.isInteger(idleMs) && idleMs > 0)) fail('--idle-ms must be a positive integer');

const controller = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());

try {
  const result = await runMirror({
    gateway: args.gateway ?? process.env.CCP_GATEWAY_URL ?? 'http://127.0.0.1:4000',
    out: resolve(args.out ?? process.env.CCP_MIRROR_FILE ?? 'clusters.mirror.json'),
    apiKey: args['api-key'] ?? process.env.CCP_API_KEY,
    token: args['api-key'] ? undefined : (args.token ?? process.env.CCP_TOKEN),
    once: args.once,
    idleMs,
    signal: controller.signal,
  });
  console.error(`ccp-mirror: ${result.clusters} published clusters mirrored`);
} catch (err) {
  console.error(`ccp-mirror: ${(err as Error).message}`);
  process.exit(1);
}
