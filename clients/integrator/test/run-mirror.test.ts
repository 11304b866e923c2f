import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, promisify } from 'node:util';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MirrorEvent, type MirrorOptions, runMirror } from '../src/run-mirror.js';
import { readMirror } from '../src/store.js';
import { GatewayDouble } from './gateway-double.js';

const run = promisify(execFile);
let gateway: GatewayDouble;
let out: string;
const running: AbortController[] = [];

beforeEach(async () => {
  gateway = new GatewayDouble();
  await gateway.start(0);
  out = join(await mkdtemp(join(tmpdir(), 'ccp-mirror-')), 'clusters.json');
});

afterEach(async () => {
  for (const controller of running.splice(0)) controller.abort();
  await gateway.kill();
});

/** Starts the mirror as a program would embed it; `events` records every step it reports. */
function mirror(options: Partial<MirrorOptions> = {}) {
  const controller = new AbortController();
  running.push(controller);
  const events: MirrorEvent[] = [];
  const done = runMirror({
    gateway: gateway.url,
    out,
    apiKey: gateway.apiKey,
    signal: controller.signal,
    logger: pino({ level: 'silent' }),
    idleMs: 150,
    settleMs: 50,
    backoffBaseMs: 50,
    backoffMaxMs: 200,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { events, done, stop: () => controller.abort() };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The mirror file's clusters equal the platform's published clusters, field for field. */
async function mirrorMatchesPlatform() {
  const state = await readMirror(out);
  const mirrored = Object.values(state?.clusters ?? {}).sort((a, b) => (a.id < b.id ? -1 : 1));
  return isDeepStrictEqual(mirrored, gateway.published());
}

const caughtUpAfter = (events: MirrorEvent[], from: number) => events.slice(from).some((e) => e.type === 'caught-up');

function seed() {
  for (const id of ['a', 'b', 'c', 'd', 'e']) gateway.change(id, 'PUBLISHED', `Cluster ${id}`, 'PUBLISHED');
  gateway.change('draft', 'DRAFT', 'A draft', 'REGISTERED');
}

describe('ccp-mirror against the subscription contract', () => {
  it('When it runs for the first time with once, then it pages through every published cluster and exits caught up', async () => {
    seed();
    const run = mirror({ once: true });
    const result = await run.done;
    expect(result.clusters).toBe(5);
    expect(await mirrorMatchesPlatform()).toBe(true);
    expect(gateway.snapshotPages).toBe(3);
    expect(run.events.map((e) => e.type)).toEqual(['connecting', 'subscribed', 'snapshot', 'caught-up']);
  });

  it('When clusters change while it follows, then the file follows: new ones added, renames applied, archived ones removed', async () => {
    seed();
    const run = mirror();
    await until(() => caughtUpAfter(run.events, 0), 'the first catch-up');
    const mark = run.events.length;
    gateway.change('f', 'PUBLISHED', 'Cluster f', 'PUBLISHED');
    gateway.change('a', 'PUBLISHED', 'Cluster a, renamed');
    gateway.change('b', 'ARCHIVED');
    gateway.change('draft', 'SUBMITTED', undefined, 'SUBMITTED');
    await until(() => caughtUpAfter(run.events, mark), 'caught up after the changes');
    expect(await mirrorMatchesPlatform()).toBe(true);
    const state = await readMirror(out);
    expect(state?.clusters.a?.name).toBe('Cluster a, renamed');
    expect(state?.clusters.b).toBeUndefined();
    expect(state?.cursor).toBe(`c1.${gateway.log.length - 1}`);
  });

  it('When clusters change while the catch-up query pages, then no change is lost (it subscribed before paging)', async () => {
    seed();
    gateway.beforePage = (page) => {
      if (page !== 1) return;
      gateway.change('a', 'PUBLISHED', 'Renamed after its page was read');
      gateway.change('e', 'ARCHIVED');
      gateway.change('aa', 'PUBLISHED', 'Published behind the pages already read', 'PUBLISHED');
    };
    const run = mirror({ once: true });
    await run.done;
    expect(await mirrorMatchesPlatform()).toBe(true);
    const state = await readMirror(out);
    expect(state?.clusters.a?.name).toBe('Renamed after its page was read');
    expect(state?.clusters.aa).toBeDefined();
    expect(state?.clusters.e).toBeUndefined();
  });

  it('When the gateway is killed mid-stream and comes back, then it reconnects with back-off and its cursor and gets exactly what it missed', async () => {
    seed();
    const run = mirror();
    await until(() => caughtUpAfter(run.events, 0), 'the first catch-up');
    gateway.change('a', 'PUBLISHED', 'Before the crash');
    await until(async () => (await readMirror(out))?.cursor !== null, 'a saved cursor');
    const saved = (await readMirror(out))?.cursor;
    const pagesBefore = gateway.snapshotPages;

    await gateway.kill();
    await until(() => run.events.filter((e) => e.type === 'disconnected').length >= 2, 'retries while the gateway is down');
    gateway.change('b', 'PUBLISHED', 'While it was down');
    gateway.change('c', 'ARCHIVED');
    gateway.change('g', 'PUBLISHED', 'Cluster g', 'PUBLISHED');
    const mark = run.events.length;
    await gateway.start();

    await until(() => caughtUpAfter(run.events, mark), 'caught up after the restart');
    expect(await mirrorMatchesPlatform()).toBe(true);
    expect(gateway.subscribeRequests.at(-1)).toBe(saved);
    expect(gateway.snapshotPages).toBe(pagesBefore);
    const retries = run.events.filter((e) => e.type === 'disconnected') as Extract<MirrorEvent, { type: 'disconnected' }>[];
    expect(retries.every((e) => e.retryInMs <= 200)).toBe(true);
    const applied = run.events.slice(mark).filter((e) => e.type === 'applied') as Extract<MirrorEvent, { type: 'applied' }>[];
    expect(applied.reduce((n, e) => n + e.upserted + e.removed + e.stale, 0)).toBe(3);
  });

  it('When the gateway answers SERVICE_UNAVAILABLE (its hub starting, or ending subscriptions after losing Kafka), then it retries with its cursor and ends exact', async () => {
    seed();
    gateway.unavailable = 2;
    const run = mirror();
    await until(() => caughtUpAfter(run.events, 0), 'the first catch-up after two refusals');
    expect(gateway.subscribeRequests.slice(0, 3)).toEqual([null, null, null]);
    gateway.change('a', 'PUBLISHED', 'Before the hub lost Kafka');
    await until(async () => (await readMirror(out))?.cursor !== null, 'a saved cursor');
    const saved = (await readMirror(out))?.cursor;
    const mark = run.events.length;

    gateway.unavailable = 1;
    gateway.failLive();
    gateway.change('b', 'PUBLISHED', 'While it restarted');
    await until(() => caughtUpAfter(run.events, mark), 'caught up after the hub came back');
    expect(await mirrorMatchesPlatform()).toBe(true);
    expect(gateway.subscribeRequests.slice(-2)).toEqual([saved, saved]);
    expect(run.events.filter((e) => e.type === 'snapshot')).toHaveLength(1);
    const reasons = run.events.filter((e) => e.type === 'disconnected').map((e) => (e as { reason: string }).reason);
    expect(reasons).toHaveLength(4);
    expect(reasons.every((r) => r.includes('SERVICE_UNAVAILABLE'))).toBe(true);
  });

  it('When every change is delivered twice, then the duplicates are skipped and the mirror is still exact', async () => {
    gateway.duplicates = true;
    seed();
    const run = mirror();
    await until(() => caughtUpAfter(run.events, 0), 'the first catch-up');
    const mark = run.events.length;
    gateway.change('a', 'PUBLISHED', 'Twice');
    gateway.change('b', 'ARCHIVED');
    await until(() => caughtUpAfter(run.events, mark), 'caught up');
    expect(await mirrorMatchesPlatform()).toBe(true);
    const applied = run.events.slice(mark).filter((e) => e.type === 'applied') as Extract<MirrorEvent, { type: 'applied' }>[];
    expect(applied.reduce((n, e) => n + e.stale, 0)).toBe(2);
  });

  it('When its saved cursor has expired, then it takes a fresh snapshot (CURSOR_EXPIRED → resync) and drops what is no longer published', async () => {
    seed();
    gateway.change('a', 'PUBLISHED', 'So there is a cursor');
    await mirror({ once: true }).done;
    await until(async () => (await readMirror(out)) !== null, 'the first mirror');
    const first = mirror();
    await until(() => caughtUpAfter(first.events, 0), 'caught up');
    gateway.change('a', 'PUBLISHED', 'With a cursor now');
    await until(async () => (await readMirror(out))?.cursor !== null, 'a cursor');
    first.stop();
    await first.done;

    gateway.change('b', 'ARCHIVED');
    gateway.change('h', 'PUBLISHED', 'Cluster h', 'PUBLISHED');
    gateway.trim();
    const again = mirror({ once: true });
    await again.done;
    expect(again.events.map((e) => e.type)).toEqual([
      'connecting',
      'resync',
      'connecting',
      'subscribed',
      'snapshot',
      'caught-up',
    ]);
    expect(await mirrorMatchesPlatform()).toBe(true);
  });

  it('When its API key is refused, then it stops with UNAUTHENTICATED instead of retrying forever', async () => {
    seed();
    await expect(mirror({ apiKey: 'wrong' }).done).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('the ccp-mirror command', () => {
  it('When run with --once, then it writes the mirror and exits 0; a bad option exits 2 with the usage', async () => {
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    expect(existsSync(cli), 'build the package first (npm run build -w @ccp/integrator)').toBe(true);
    seed();
    // Asynchronously: the gateway double answers from this process.
    const ok = await run(process.execPath, [cli, '--gateway', gateway.url, '--out', out, '--once', '--idle-ms', '200'], {
      env: { ...process.env, CCP_API_KEY: gateway.apiKey },
      timeout: 20_000,
    });
    expect(ok.stderr).toContain('5 published clusters mirrored');
    expect(await mirrorMatchesPlatform()).toBe(true);

    const bad = await run(process.execPath, [cli, '--format', 'xml']).catch((err) => err);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('only json');
  });
});
