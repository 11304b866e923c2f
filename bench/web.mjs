#!/usr/bin/env node
// The web client's budget: (a) gzipped JS per route from the Vite build manifest — the entry chunk and its static
// imports plus the route's lazy page chunk and its static imports — with PASS/FAIL for home ≤ 250 KB and "the map
// library only on routes that show a map"; (b) time until the map is idle with 10,000 points in headless Chromium
// (Debian's chromium through playwright-core) against the real stack (port offset 2200, webbench_* databases, h12.
// topics), the built app served by `vite preview` on 127.0.0.1:7173, with only the MapPoints operation answered by
// the bench (10,000 generated points, so no 10,000 clusters need seeding) — navigation → idle p50/max over a few
// runs, frame times during a scripted pan, the JS heap, and the same with 1,000 points as the baseline; (c) every
// request URL the pages made, and how many left 127.0.0.1 (must be 0).
//   node bench/web.mjs [--runs 5] [--points 10000] [--baseline 1000] [--no-build] [--sizes-only]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromiumArgs, ensureChromium, ensureTopics, up } from '../infra/infra.mjs';
import { root, startStack, waitForHttp } from '../scripts/stack.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    points: { type: 'string', default: '10000' },
    baseline: { type: 'string', default: '1000' },
    'no-build': { type: 'boolean', default: false },
    'sizes-only': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const PORT_OFFSET = 2200;
const PREFIX = 'h12.';
const PREVIEW_PORT = 7173;
const HOME_BUDGET_KB = 250;
/** The routes that show a map; every other route must load no maplibre code. */
const MAP_ROUTES = new Set(['map']);
/** A string only maplibre's own code holds (its worker pool's name): a chunk with it carries the map library. */
const MAPLIBRE_SIGNATURE = 'maplibre_preloaded_worker_pool';

const web = join(root, 'clients', 'web');
// The bench builds into a folder of its own, so a build running beside it (a test's) never mixes chunks with it;
// with --no-build it measures clients/web/dist as it is.
const dist = values['no-build'] ? join(web, 'dist') : join(root, '.data', 'bench', 'web-dist');
const kb = (bytes) => bytes / 1024;
const f = (x, digits = 0) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (xs) => pct([...xs].sort((a, b) => a - b), 50);
let failed = false;
const verdict = (ok, what) => {
  if (!ok) failed = true;
  console.log(`${ok ? 'PASS' : 'FAIL'}: ${what}`);
};

// ---------------------------------------------------------------------------------------------------------------
// (a) gzipped JS per route

if (!values['no-build']) {
  for (const [command, ...args] of [
    ['npm', 'run', 'codegen', '-w', '@ccp/web'],
    ['npx', 'vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'],
  ]) {
    const build = spawnSync(command, args, { cwd: command === 'npm' ? root : web, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
  }
}
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));

/** The route table's paths and page modules, read from the source (one `{ path: …, page: () => import(…) }` each). */
function routeTable() {
  // Without comments: the header's example entry is not a route.
  const source = readFileSync(join(web, 'src', 'routes.tsx'), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  const table = [];
  for (const m of source.matchAll(/path:\s*'([^']*)',\s*page:\s*\(\)\s*=>\s*import\('\.\/([^']+)'\)/g)) {
    const key = ['.tsx', '.ts', '.jsx', '.js'].map((ext) => `src/${m[2]}${ext}`).find((k) => manifest[k]);
    if (!key) throw new Error(`no chunk in the manifest for ${m[2]} (route '${m[1]}')`);
    table.push({ path: m[1], key });
  }
  if (table.length === 0) throw new Error('no routes found in src/routes.tsx');
  return table;
}

/** The chunk and everything it imports statically (what the browser fetches before it runs). */
function staticClosure(key, into = new Set()) {
  if (into.has(key)) return into;
  into.add(key);
  for (const dep of manifest[key].imports ?? []) staticClosure(dep, into);
  return into;
}

/**
 * What the page's own chunks import lazily (dynamic imports and their static imports, transitively), minus what is
 * loaded already. The entry's dynamic imports are the other pages, so they are not followed.
 */
function lazyClosure(pageKeys, loaded) {
  const lazy = new Set();
  const visit = (key) => {
    for (const dep of manifest[key].dynamicImports ?? []) {
      for (const k of staticClosure(dep)) {
        if (loaded.has(k) || lazy.has(k)) continue;
        lazy.add(k);
        visit(k);
      }
    }
  };
  for (const key of pageKeys) visit(key);
  return lazy;
}

const fileCache = new Map();
const chunkFacts = (key) => fileFacts(manifest[key].file);
function fileFacts(file) {
  if (!fileCache.has(file)) {
    const bytes = readFileSync(join(dist, file));
    fileCache.set(file, {
      file,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      maplibre: bytes.includes(MAPLIBRE_SIGNATURE),
    });
  }
  return fileCache.get(file);
}
const sum = (keys, field) => [...keys].reduce((n, k) => n + chunkFacts(k)[field], 0);
const isJs = (key) => /\.m?js$/.test(manifest[key].file);
/** Scripts a chunk refers to as files (`?url`), such as maplibre's worker: fetched when the page runs them. */
const scriptAssets = (keys) => [...new Set([...keys].flatMap((k) => manifest[k].assets ?? []))].filter((a) => /\.m?js$/.test(a));

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const entry = staticClosure(entryKey);
const sizes = routeTable().map(({ path, key }) => {
  const page = [...staticClosure(key)].filter((k) => !entry.has(k));
  const all = new Set([...entry, ...page]);
  const loaded = new Set([...all].filter(isJs));
  const later = new Set([...lazyClosure(page, all)].filter(isJs));
  const workers = scriptAssets([...page, ...later]).map(fileFacts);
  return {
    route: `/${path}`,
    path,
    chunks: loaded.size,
    raw: sum(loaded, 'raw'),
    gzip: sum(loaded, 'gzip'),
    lazyGzip: sum(later, 'gzip') + workers.reduce((n, w) => n + w.gzip, 0),
    maplibre: [...loaded, ...later].some((k) => chunkFacts(k).maplibre) || workers.some((w) => w.maplibre),
  };
});

console.log(`\nGzipped JS per route (zlib level 9) from the Vite build manifest (${relative(root, dist)}/.vite/manifest.json):`);
console.log('entry chunk + its static imports + the page chunk + its static imports; "then" = the page\'s dynamic');
console.log('imports and the workers it starts (loaded when it renders: maplibre\'s worker, the explorer\'s editor).\n');
console.log('| route | chunks | raw KB | gzip KB | then, gzip KB | maplibre |');
console.log('|---|---|---|---|---|---|');
for (const s of sizes) {
  console.log(
    `| ${s.route} | ${s.chunks} | ${f(kb(s.raw))} | ${f(kb(s.gzip), 1)} | ${s.lazyGzip ? f(kb(s.lazyGzip), 1) : '–'} | ${s.maplibre ? 'yes' : 'no'} |`,
  );
}
console.log('');
const home = sizes.find((s) => s.path === '');
verdict(kb(home.gzip) <= HOME_BUDGET_KB, `home is ${f(kb(home.gzip), 1)} KB gzipped (budget ${HOME_BUDGET_KB} KB)`);
const wrongMap = sizes.filter((s) => s.maplibre !== MAP_ROUTES.has(s.path)).map((s) => s.route);
verdict(
  wrongMap.length === 0,
  `the map library (maplibre-gl) only on the routes that show a map (${[...MAP_ROUTES].map((p) => `/${p}`).join(', ')})` +
    (wrongMap.length ? `; wrong on ${wrongMap.join(', ')}` : ''),
);
const entryMaplibre = [...entry].some((k) => chunkFacts(k).maplibre);
verdict(!entryMaplibre, 'the entry chunk and its static imports hold no maplibre code');

if (values['sizes-only']) process.exit(failed ? 1 : 0);

// ---------------------------------------------------------------------------------------------------------------
// (b) the map with 10,000 points, (c) every request stays on 127.0.0.1

const economies = JSON.parse(readFileSync(join(root, 'schemas', 'reference', 'economies.json'), 'utf8')).economies;

/** Deterministic points scattered around the 21 economies' centroids, as the MapPoints columns. */
function generatedPoints(count) {
  let seed = 0x2200 + count;
  const random = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const columns = { __typename: 'ClusterMapPoints', count, ids: [], lat: [], lng: [], economyCodes: [], specializations: [], names: [] };
  for (let i = 0; i < count; i++) {
    const economy = economies[i % economies.length];
    columns.ids.push(`bench-${i}`);
    columns.lat.push(Math.max(-80, Math.min(80, economy.centroid.lat + (random() - 0.5) * 8)));
    columns.lng.push(((economy.centroid.lng + (random() - 0.5) * 10 + 540) % 360) - 180);
    columns.economyCodes.push(economy.code);
    columns.specializations.push('');
    columns.names.push(`Bench cluster ${String(i).padStart(5, '0')}`);
  }
  return columns;
}

const logDir = join(root, '.data', 'bench', 'web');
mkdirSync(logDir, { recursive: true });
process.env.KAFKA_TOPIC_PREFIX = PREFIX;
const infra = await up();
await ensureTopics(PREFIX);
const stack = await startStack({
  portOffset: PORT_OFFSET,
  databasePrefix: 'webbench',
  groupPrefix: 'webbench',
  logDir,
  env: { KAFKA_TOPIC_PREFIX: PREFIX, KAFKA_BROKERS: infra.kafkaBrokers, LOG_LEVEL: 'warn' },
});
const gatewayOrigin = new URL(stack.urls.gateway).origin;
const base = `http://127.0.0.1:${PREVIEW_PORT}`;
const preview = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PREVIEW_PORT), '--strictPort', '--outDir', dist], {
  cwd: web,
  env: { ...process.env, GATEWAY_URL: gatewayOrigin, WEB_PORT: String(PREVIEW_PORT) },
  stdio: 'ignore',
  detached: true,
});
const { chromium } = await import('playwright-core');
let browser;

const requests = [];
const offHost = (url) => {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return false;
  return hostname !== '127.0.0.1';
};

/** One visit of /map with `count` points: navigation → idle, frame times while panning, the JS heap. */
async function visit(count, body) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.on('request', (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on('websocket', (socket) => requests.push(socket.url()));
  page.on('worker', (worker) => requests.push(worker.url()));
  await page.route(`${base}/graphql`, (route) => {
    const post = route.request().postDataJSON?.();
    if (post?.operationName !== 'MapPoints') return route.continue();
    return route.fulfill({ status: 200, contentType: 'application/json', body });
  });
  const started = Date.now();
  await page.goto(`${base}/map`);
  const selector = `section[data-map-state="idle"][data-point-count="${count}"]`;
  // The page's own clock: milliseconds from the navigation's start to the first poll that sees the idle map.
  const idleMs = await (
    await page.waitForFunction((s) => (document.querySelector(s) ? performance.now() : 0), selector, {
      polling: 'raf',
      timeout: 180_000,
    })
  ).jsonValue();
  const wallMs = Date.now() - started;

  // A scripted pan: drag across the map for ~2 s while requestAnimationFrame records every frame's delta.
  const box = await page.locator(selector).boundingBox();
  await page.evaluate(() => {
    const w = window;
    w.__frames = [];
    let last = performance.now();
    const tick = (now) => {
      w.__frames.push(now - last);
      last = now;
      if (!w.__stopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let step = 1; step <= 60; step++) {
    await page.mouse.move(x - step * 8, y + Math.sin(step / 6) * 40);
    await page.waitForTimeout(30);
  }
  await page.mouse.up();
  await page.waitForTimeout(300);
  const frames = await page.evaluate(() => {
    window.__stopFrames = true;
    return window.__frames.slice(1);
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await context.close();
  const sorted = [...frames].sort((a, b) => a - b);
  return { idleMs, wallMs, frames: frames.length, p50Frame: pct(sorted, 50), p95Frame: pct(sorted, 95), maxFrame: sorted[sorted.length - 1], heapMiB: usedSize / 2 ** 20 };
}

try {
  await waitForHttp(`${base}/`, { what: 'vite preview', proc: preview });
  browser = await chromium.launch({ executablePath: ensureChromium(), args: chromiumArgs });
  const results = [];
  for (const count of [Number(values.points), Number(values.baseline)]) {
    const body = JSON.stringify({ data: { clusterMapPoints: generatedPoints(count) } });
    await visit(count, body); // a warm-up: the browser's caches and the stack's first answers
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await visit(count, body));
    const idle = runs.map((r) => r.idleMs).sort((a, b) => a - b);
    results.push({
      count,
      p50Idle: median(idle),
      maxIdle: idle[idle.length - 1],
      p50Wall: median(runs.map((r) => r.wallMs)),
      frames: median(runs.map((r) => r.frames)),
      p50Frame: median(runs.map((r) => r.p50Frame)),
      p95Frame: median(runs.map((r) => r.p95Frame)),
      maxFrame: Math.max(...runs.map((r) => r.maxFrame)),
      heapMiB: median(runs.map((r) => r.heapMiB)),
    });
  }
  console.log(
    `\n/map in headless Chromium (${chromiumArgs.join(' ')}; software WebGL), 1280×900, built app on vite preview ` +
      `against the real stack (gateway and subgraphs from dist, port offset ${PORT_OFFSET}); the MapPoints operation ` +
      `alone answered by the bench with generated points (page.route), every other request real. ${RUNS} runs after a ` +
      'warm-up; idle = data-map-state="idle" with data-point-count = N, timed from the navigation start (page clock); ' +
      'pan = a 60-step mouse drag over ~2 s, requestAnimationFrame deltas (median run); heap = Runtime.getHeapUsage after GC.\n',
  );
  console.log('| points | idle p50 ms | idle max ms | wall p50 ms | frames in pan | frame p50 ms | frame p95 ms | frame max ms | JS heap MiB |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.count.toLocaleString('en')} | ${f(r.p50Idle)} | ${f(r.maxIdle)} | ${f(r.p50Wall)} | ${r.frames} | ${f(r.p50Frame, 1)} | ${f(r.p95Frame, 1)} | ${f(r.maxFrame, 1)} | ${f(r.heapMiB, 1)} |`,
    );
  }
  const leaving = requests.filter(offHost);
  const hosts = new Map();
  for (const url of requests) hosts.set(new URL(url).host || new URL(url).protocol, (hosts.get(new URL(url).host || new URL(url).protocol) ?? 0) + 1);
  console.log(`\nRequests recorded (page, workers, WebSockets): ${requests.length}; by host: ${[...hosts].map(([h, n]) => `${h} ${n}`).join(', ')}.`);
  verdict(leaving.length === 0, `requests to anything but 127.0.0.1: ${leaving.length}${leaving.length ? ` (${[...new Set(leaving)].slice(0, 5).join(', ')})` : ''}`);
} finally {
  await browser?.close();
  if (preview.pid) {
    try {
      process.kill(-preview.pid, 'SIGTERM');
    } catch {}
  }
  await stack.stop();
}
process.exit(failed ? 1 : 0);
