import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@ccp/kit/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { ensureSecretariat, signIn } from '../scripts/accounts.mjs';
// @ts-expect-error plain ESM script without types
import { root, startStack } from '../scripts/stack.mjs';
import { chromiumArgs, chromiumPath } from '../infra/infra.mjs';

// The economy page, the KPI dashboard and the API explorer in Debian's chromium against the real platform:
// the built web client served by `vite preview` on 127.0.0.1:6173, proxying to a stack on port offset 1000.
const databasePrefix = 'web2_e2e';
const previewPort = 6173;
const web = `http://127.0.0.1:${previewPort}`;
const shots = [join(root, '.data', 'test-results', 'screenshots'), join(root, 'docs', 'screenshots')];
let stack: { urls: Record<string, string>; stop(): Promise<void> };
let preview: ChildProcess | undefined;
let browser: Browser;
let secretariatToken: string;

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(stack.urls.gateway!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: any[] };
}

async function screenshot(page: import('playwright-core').Page, name: string) {
  for (const dir of shots) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  }
}

beforeAll(async () => {
  stack = await startStack({
    portOffset: 1000,
    databasePrefix,
    groupPrefix: `${databasePrefix}-${Date.now().toString(36)}`,
    logDir: join(root, '.data', 'logs', databasePrefix),
    env: { LOG_LEVEL: 'warn' },
  });
  secretariatToken = (await signIn(stack.urls.gateway!, ensureSecretariat({ databasePrefix }))).accessToken;
  preview = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(previewPort), '--strictPort'], {
    cwd: join(root, 'clients', 'web'),
    env: { ...process.env, GATEWAY_URL: new URL(stack.urls.gateway!).origin, WEB_PORT: String(previewPort) },
    stdio: 'ignore',
    detached: true, // its own process group, so stopping it also stops the vite process npx starts
  });
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
  await waitFor(async () => ((await fetch(`${web}/`).catch(() => undefined))?.ok ? true : undefined), { what: 'vite preview' });
});

afterAll(async () => {
  await browser?.close();
  if (preview?.pid) process.kill(-preview.pid, 'SIGTERM');
  await stack?.stop();
});

describe('economy page, KPI dashboard and explorer in a browser', () => {
  it('When a visitor opens /economies/VN, then the page shows the economy with the gateway’s cluster count and statistics', async () => {
    const { data } = await gql('{ economy(code: "VN") { name clusterCount statistics { publishedClusters } } }');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${web}/economies/VN`);
    await page.getByRole('heading', { level: 1, name: data.economy.name }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('heading', { level: 2, name: `Clusters (${data.economy.clusterCount})` }).count()).toBe(1);
    const published = page.locator('.figure', { hasText: 'Published clusters' }).locator('dd');
    expect(await published.innerText()).toBe(String(data.economy.statistics.publishedClusters));
    await screenshot(page, 'economy');
    // The same page at 375 px: nothing wider than the screen.
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'economy-375');
    await page.close();
  });

  it('When the secretariat sets a KPI target, then the KPI dashboard shows it against the APEC-wide value, in Russian too', async () => {
    const year = new Date().getUTCFullYear();
    const target = 21;
    const set = await gql(
      'mutation($year: Int!, $target: Int!) { setKpiTarget(kpi: ECONOMIES_REGISTERED, year: $year, target: $target) { value target } }',
      { year, target },
      secretariatToken,
    );
    expect(set.errors).toBeUndefined();
    const value = set.data.setKpiTarget.value as number;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${web}/kpis?year=${year}`);
    const section = page.locator('section.kpi', { has: page.locator('#kpi-economies_registered') });
    await section.waitFor({ timeout: 30_000 });
    expect(await section.locator('.kpi__value').innerText()).toBe(String(value));
    expect(await section.getByText(`Target: ${target}`).first().isVisible()).toBe(true);
    await screenshot(page, 'kpis');
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ключевые показатели «Дорожной карты»' }).waitFor();
    expect(await section.getByText(`Цель: ${target}`).first().isVisible()).toBe(true);
    await page.close();
  });

  it('When an analyst opens /explorer, then GraphiQL runs an example query against the gateway with docs from the shipped schema', async () => {
    const requests: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${web}/explorer`);
    await page.locator('.graphiql-container').waitFor({ timeout: 60_000 });
    await page.locator('.graphiql-query-editor .view-lines', { hasText: 'clusterCount' }).waitFor({ timeout: 30_000 });
    const answered = page.waitForResponse((response) => response.url() === `${web}/graphql`);
    await page.locator('.graphiql-execute-button').click();
    const response = await answered;
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.economies).toHaveLength(21);
    await page.locator('.result-window', { hasText: 'clusterCount' }).waitFor({ timeout: 30_000 });
    // Nothing but this origin: the bundle, its workers and /graphql (no CDN, and no introspection request).
    expect(requests.filter((url) => !url.startsWith(web) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
    await screenshot(page, 'explorer');
    await page.close();
  });
});
