// Starts the platform's processes (the subgraphs, then the gateway) from their built entry points and
// waits until each is ready. Used by `npm start`, the end-to-end tests and the benchmarks.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTopics } from '../infra/infra.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const SUBGRAPHS = [
  { name: 'registry', port: 4001 },
  { name: 'economies', port: 4002 },
  { name: 'matchmaking', port: 4003 },
  { name: 'surveys', port: 4004 },
  { name: 'accounts', port: 4005 },
  { name: 'integrations', port: 4006 },
];
export const GATEWAY_PORT = 4000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Creates the gateway's caller-token key pair if missing; returns the PEM file paths. */
export function ensureCallerKeys(dir = join(root, '.data', 'keys')) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'caller-keys.mjs'), dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`caller-keys failed: ${r.stderr}`);
  return { privateKey: join(dir, 'caller-private.pem'), publicKey: join(dir, 'caller-public.pem') };
}

/** Fails early, naming the port, when something else already listens where a process of ours should. */
export function assertPortFree(port, what) {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () => reject(new Error(`port ${port} for ${what} is already in use (another platform running?)`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

export async function waitForHttp(url, { timeoutMs = 60_000, what = url, proc } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc && proc.exitCode !== null) throw new Error(`${what} exited with code ${proc.exitCode} before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${what} not ready at ${url} after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/**
 * @param {object} opts
 * @param {number} [opts.portOffset] added to every port (tests use another range than `npm start`)
 * @param {string} [opts.databasePrefix] each subgraph's database is `<prefix>_<name>`
 * @param {string} [opts.groupPrefix] consumer groups are `<prefix>-<name>`
 * @param {string} opts.logDir
 * @param {Record<string,string>} [opts.env]
 */
export async function startStack({ portOffset = 0, databasePrefix = 'ccp', groupPrefix = 'ccp', logDir, env = {} }) {
  const keys = ensureCallerKeys();
  mkdirSync(logDir, { recursive: true });
  const processes = new Map();
  const shared = {
    ...process.env,
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    KAFKA_GROUP_PREFIX: groupPrefix,
    CALLER_PUBLIC_KEY_FILE: keys.publicKey,
    ...env,
  };
  // A stack on its own topic prefix needs that prefix's topics (the broker does not auto-create them).
  await ensureTopics(shared.KAFKA_TOPIC_PREFIX ?? '');
  const urls = Object.fromEntries(
    SUBGRAPHS.map((s) => [s.name, `http://127.0.0.1:${s.port + portOffset}/graphql`]),
  );
  urls.gateway = `http://127.0.0.1:${GATEWAY_PORT + portOffset}/graphql`;

  function launch(name) {
    const isGateway = name === 'gateway';
    const sub = SUBGRAPHS.find((s) => s.name === name);
    const entry = isGateway ? join(root, 'gateway', 'dist', 'index.js') : join(root, 'services', name, 'dist', 'index.js');
    const port = isGateway ? GATEWAY_PORT + portOffset : sub.port + portOffset;
    const childEnv = isGateway
      ? {
          ...shared,
          PORT: String(port),
          CALLER_PRIVATE_KEY_FILE: keys.privateKey,
          ...Object.fromEntries(SUBGRAPHS.map((s) => [`${s.name.toUpperCase()}_URL`, urls[s.name]])),
        }
      : { ...shared, PORT: String(port), MONGODB_DATABASE: `${databasePrefix}_${name}` };
    const log = openSync(join(logDir, `${name}.log`), 'a');
    const child = spawn(process.execPath, [entry], { env: childEnv, stdio: ['ignore', log, log] });
    closeSync(log);
    processes.set(name, child);
    // The gateway's /ready waits for its subgraphs and its subscription hub, so a started stack serves subscriptions.
    return { child, health: `http://127.0.0.1:${port}/ready` };
  }

  async function start(name) {
    const port = name === 'gateway' ? GATEWAY_PORT : SUBGRAPHS.find((s) => s.name === name).port;
    await assertPortFree(port + portOffset, name);
    const { child, health } = launch(name);
    await waitForHttp(health, { what: name, proc: child, timeoutMs: 90_000 }).catch((err) => {
      throw new Error(`${err.message}; see ${join(logDir, `${name}.log`)}`);
    });
  }

  async function stopOne(name, signal = 'SIGTERM') {
    const child = processes.get(name);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    processes.delete(name);
  }

  async function stop() {
    await stopOne('gateway');
    await Promise.all(SUBGRAPHS.map((s) => stopOne(s.name)));
  }

  try {
    await Promise.all(SUBGRAPHS.map((s) => start(s.name)));
    await start('gateway');
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    urls,
    logDir,
    stop,
    /** Stops one process and starts it again (e.g. to restart a consumer). */
    async restart(name) {
      await stopOne(name);
      await start(name);
    },
    stopOne,
    start,
    pid: (name) => processes.get(name)?.pid,
  };
}
