import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '@ccp/kit/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPagesServer } from '../clients/web/server/pages.mjs';
// @ts-expect-error plain ESM script without types
import { chromiumArgs, ensureChromium } from '../infra/infra.mjs';
// @ts-expect-error plain ESM script without types
import { ensureSecretariat, signIn } from '../scripts/accounts.mjs';
// @ts-expect-error plain ESM script without types
import { root, startStack } from '../scripts/stack.mjs';

// What the web serves besides the app, against the real platform (port offset 2200, webbench_seo databases, h12.
// topics): the built client (its own build folder) on `vite preview` at 127.0.0.1:7173 with the pages middleware and
// the gateway proxies, and the standalone pages server docker-compose runs. A crawler that runs no script gets a
// published profile's name in <title> and og:title, and the sitemap lists it (not a draft); logos, reports and feeds
// reach the gateway; a returning browser refreshes its session before its first authenticated query.
const databasePrefix = 'webbench_seo';
const previewPort = 7173;
const web = `http://127.0.0.1:${previewPort}`;
const dist = join(root, '.data', 'e2e', 'web-seo-dist');
const run = Date.now().toString(36);
const password = 'a long enough password 1';
let stack: { urls: Record<string, string>; stop(): Promise<void> };
let preview: ChildProcess | undefined;
let pagesServer: Server | undefined;
let pagesOrigin: string;
let browser: Browser | undefined;
let secretariatToken: string;
let published: { id: string; slug: string; name: string };
let draft: { id: string; slug: string };

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(stack.urls.gateway!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: any[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

async function registerCluster(name: string) {
  const { registerCluster: c } = await gql(
    'mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id slug } }',
    {
      input: {
        name: { en: name },
        economyCode: 'VN',
        location: { lat: 10.78, lng: 106.7 },
        mission: { en: `Robotics for Mekong manufacturers (${run})` },
      },
    },
    secretariatToken,
  );
  return c as { id: string; slug: string };
}

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
const metaOf = (html: string, property: string) =>
  new RegExp(`<meta property="${property}" content="([^"]*)"`).exec(html)?.[1];

beforeAll(async () => {
  const build = spawnSync(
    'npx',
    ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'],
    {
      cwd: join(root, 'clients', 'web'),
      encoding: 'utf8',
    },
  );
  expect(build.status, build.stderr).toBe(0);
  stack = await startStack({
    portOffset: 2200,
    databasePrefix,
    groupPrefix: `${databasePrefix}-${run}`,
    logDir: join(root, '.data', 'logs', databasePrefix),
    env: { LOG_LEVEL: 'warn', KAFKA_TOPIC_PREFIX: 'h12.' },
  });
  const gatewayOrigin = new URL(stack.urls.gateway!).origin;
  secretariatToken = (await signIn(stack.urls.gateway!, ensureSecretariat({ databasePrefix }))).accessToken;
  const name = `Saigon Robotics & "Automation" ${run}`;
  const c = await registerCluster(name);
  await gql('mutation($id: ID!) { publishCluster(id: $id) { status } }', { id: c.id }, secretariatToken);
  published = { ...c, name };
  draft = await registerCluster(`Unpublished Draft ${run}`);

  preview = spawn(
    'npx',
    [
      'vite',
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(previewPort),
      '--strictPort',
      '--outDir',
      dist,
    ],
    {
      cwd: join(root, 'clients', 'web'),
      env: { ...process.env, GATEWAY_URL: gatewayOrigin, WEB_PORT: String(previewPort) },
      stdio: 'ignore',
      detached: true,
    },
  );
  pagesServer = await startPagesServer({
    port: 0,
    host: '127.0.0.1',
    gatewayUrl: gatewayOrigin,
    distDir: dist,
  });
  pagesOrigin = `http://127.0.0.1:${(pagesServer.address() as AddressInfo).port}`;
  await waitFor(async () => ((await fetch(`${web}/`).catch(() => undefined))?.ok ? true : undefined), {
    what: 'vite preview',
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (preview?.pid) process.kill(-preview.pid, 'SIGTERM');
  await new Promise((r) => (pagesServer ? pagesServer.close(r) : r(undefined)));
  await stack?.stop();
});

describe('pages for crawlers', () => {
  it.each([
    ['vite preview', () => web],
    ['the standalone pages server', () => pagesOrigin],
  ])(
    'When a crawler without JS asks %s for a published profile, then the HTML names it in <title> and og:title',
    async (_host, origin) => {
      const res = await fetch(`${origin()}/clusters/${published.slug}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      const escaped = published.name.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
      expect(titleOf(html)).toBe(`${escaped} · APEC Clusters`);
      expect(metaOf(html, 'og:title')).toBe(escaped);
      expect(metaOf(html, 'og:description')).toBe(`Robotics for Mekong manufacturers (${run})`);
      expect(html).toContain(`<link rel="canonical" href="${origin()}/clusters/${published.slug}" />`);
      expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[^"]+\.js"><\/script>/);
    },
  );

  it('When the slug is a draft or unknown, then the page is the plain app with a 404 for the crawler', async () => {
    for (const slug of [draft.slug, `no-such-cluster-${run}`]) {
      const res = await fetch(`${web}/clusters/${slug}`);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(titleOf(html)).toBe('APEC Cluster Collaboration Platform');
      expect(html).not.toContain('og:title');
      expect(html).toContain('<div id="root"></div>');
    }
  });

  it('When /sitemap.xml is asked, then it lists the published profile, the economies and the public pages, not the draft', async () => {
    for (const origin of [web, pagesOrigin]) {
      const res = await fetch(`${origin}/sitemap.xml`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
      const xml = await res.text();
      expect(xml).toContain(`<loc>${origin}/clusters/${published.slug}</loc><lastmod>`);
      expect(xml).not.toContain(draft.slug);
      expect(xml).toContain(`<loc>${origin}/economies/VN</loc>`);
      expect(xml).toContain(`<loc>${origin}/map</loc>`);
    }
  });
});

describe('proxies to the gateway', () => {
  it('When the page asks for a logo, the monitoring report or the news feed, then the gateway answers it, not the app', async () => {
    const logo = await fetch(`${web}/clusters/${published.id}/logo?v=0`);
    expect(logo.status).toBe(404); // no logo uploaded: the gateway's (the registry's) answer, not index.html
    expect(logo.headers.get('content-type')).toMatch(/^application\/json/);
    const report = await fetch(`${web}/reports/monitoring.json?year=2026`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^application\/json/);
    const feed = await fetch(`${web}/feeds/news.atom`);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('<feed');
  });
});

describe('session refresh on start', () => {
  it('When a signed-in user opens the app again, then /auth/refresh brings a fresh token before the first authenticated query', async () => {
    const email = `returning-${run}@example.org`;
    await gql('mutation($input: RegisterUserInput!) { registerUser(input: $input) { id } }', {
      input: { email, name: 'Returning', password },
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: ensureChromium(), args: chromiumArgs });
    const page = await browser.newPage();
    await page.goto(`${web}/account`);
    const form = page.getByRole('form', { name: 'Log in' });
    await form.getByLabel('E-mail address').fill(email);
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 2, name: 'Profile' }).waitFor({ timeout: 30_000 });
    const first = await page.evaluate(() => localStorage.getItem('ccp.session'));
    expect(first).toBeTruthy();

    const seen: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path === '/auth/refresh') seen.push('refresh');
      else if (path === '/graphql')
        seen.push(request.headers().authorization ? 'graphql signed-in' : 'graphql anonymous');
    });
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Profile' }).waitFor({ timeout: 30_000 });
    expect(seen[0]).toBe('refresh');
    expect(seen.filter((s) => s === 'refresh')).toHaveLength(1);
    expect(seen.slice(1).length).toBeGreaterThan(0);
    expect(seen.slice(1).every((s) => s === 'graphql signed-in')).toBe(true);
    const second = await page.evaluate(() => localStorage.getItem('ccp.session'));
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
  });
});
