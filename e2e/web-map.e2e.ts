/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignRequests, pageErrors, startWebStack, type WebStack } from './web-harness.js';

// The cluster map in Debian's chromium (software WebGL through SwiftShader) against the real platform: the built
// web client served by `vite preview` on 127.0.0.1:6973, a stack on port offset 2010 (webmap_* databases, h11.
// topics). Screenshots of the home, map, registry and profile pages at 1280 px.
let s: WebStack;
let quinoa: { id: string; slug: string };
const run = Date.now().toString(36);

beforeAll(async () => {
  s = await startWebStack({
    portOffset: 2010, // 2000 would put the gateway on 6000, a port fetch refuses ("bad port")
    databasePrefix: 'webmap',
    topicPrefix: 'h16.',
    previewPort: 6973,
  });
  // Two in Peru (one with a full profile for the screenshot), one in Chile; names unique to this run.
  quinoa = await publishedCluster(
    `Andean Quinoa ${run}`,
    'PE',
    { lat: -13.52, lng: -71.97 },
    {
      region: 'Cusco',
      specializations: ['agrifood', 'agrifood.food-processing'],
      mission: {
        en: 'Bring Andean quinoa growers, millers and exporters together to sell certified organic grain across the Asia-Pacific.',
        ru: 'Объединить производителей, переработчиков и экспортёров андской киноа для продаж сертифицированного органического зерна в АТР.',
      },
      productsAndServices: {
        en: 'Organic quinoa grain, flakes and flour; shared cleaning and packing lines; export certification.',
      },
      founded: 2012,
      memberCount: 48,
      employees: 1250,
      website: 'https://quinoa.example.pe',
    },
  );
  await publishedCluster(`Lima Software ${run}`, 'PE', { lat: -12.05, lng: -77.04 });
  await publishedCluster(`Valparaiso Wine ${run}`, 'CL', { lat: -33.05, lng: -71.62 });
}, 240_000);

afterAll(async () => {
  await s?.stop();
});

async function publishedCluster(
  name: string,
  economyCode: string,
  location: { lat: number; lng: number },
  profile: Record<string, unknown> = {},
) {
  const { registerCluster } = await s.gql(
    'mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id slug version } }',
    { input: { name: { en: name }, economyCode, location, region: 'Test region', ...profile } },
    s.secretariatToken,
  );
  await s.gql(
    'mutation($id: ID!) { publishCluster(id: $id) { status } }',
    { id: registerCluster.id },
    s.secretariatToken,
  );
  return registerCluster as { id: string; slug: string };
}

async function mapIdle(page: Page, count: number) {
  const map = page.locator('[data-map-state]');
  await page.locator(`[data-map-state="idle"][data-point-count="${count}"]`).waitFor({ timeout: 60_000 });
  return map;
}

describe('the cluster map in a real browser', () => {
  it('When the browser starts, then it gives a WebGL2 context (software rendering)', async () => {
    const page = await s.browser.newPage();
    const webgl2 = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      return gl ? String(gl.getParameter(gl.VERSION)) : null;
    });
    expect(webgl2).toMatch(/WebGL 2/);
    await page.close();
  });

  it('When a visitor filters the map and clicks a cluster, then its popup opens the profile; nothing leaves 127.0.0.1', async () => {
    const context = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const foreign = foreignRequests(page, s.web);
    const errors = pageErrors(page);

    await page.goto(`${s.web}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await s.screenshot(page, 'home');

    // maplibre's worker is the file Vite emitted, from our origin (setWorkerUrl), not a blob or a CDN.
    const worker = page.waitForRequest((request) => /maplibre-gl-worker-[^/]*\.mjs/.test(request.url()));
    await page.goto(`${s.web}/map`);
    expect((await worker).url().startsWith(`${s.web}/assets/`)).toBe(true);
    await page.locator('[data-map-state="idle"]').waitFor({ timeout: 60_000 });
    const all = Number(await page.locator('[data-map-state]').getAttribute('data-point-count'));
    expect(all).toBeGreaterThanOrEqual(3);
    await s.screenshot(page, 'map');

    // Filter by economy (two of ours in Peru), then by text (one); the map says "loading" until it is idle again.
    await page.evaluate(() => {
      const map = document.querySelector('[data-map-state]') as HTMLElement;
      const states: string[] = [];
      (window as unknown as { mapStates: string[] }).mapStates = states;
      new MutationObserver(() => states.push(map.dataset.mapState ?? '')).observe(map, {
        attributeFilter: ['data-map-state'],
      });
    });
    await page.getByLabel('Economy', { exact: true }).selectOption({ label: 'Peru' });
    await page.waitForFunction(
      (all) => {
        const map = document.querySelector('[data-map-state]') as HTMLElement;
        return map.dataset.mapState === 'idle' && Number(map.dataset.pointCount) < all;
      },
      all,
      { timeout: 60_000 },
    );
    expect(await page.evaluate(() => (window as unknown as { mapStates: string[] }).mapStates)).toEqual([
      'loading',
      'idle',
    ]);
    const inPeru = Number(await page.locator('[data-map-state]').getAttribute('data-point-count'));
    expect(inPeru).toBeGreaterThanOrEqual(2);
    await page.getByLabel('Search').fill(`quinoa ${run}`);
    await page.getByRole('button', { name: 'Apply' }).click();
    const map = await mapIdle(page, 1);
    expect(new URL(page.url()).searchParams.get('economy')).toBe('PE');

    // The map fits the filtered points: the only one is in the middle of the map. Click it on the canvas.
    const box = await map.boundingBox();
    if (!box) throw new Error('the map has no box');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const popup = page.locator('.maplibregl-popup');
    await popup.getByText(`Andean Quinoa ${run}`).waitFor({ timeout: 15_000 });
    expect(await popup.getByText('Peru · Cusco').isVisible()).toBe(true);
    await s.screenshot(page, 'map-popup', { readme: false });
    await popup.getByRole('link', { name: 'Open the profile' }).click();
    await page.waitForURL(`${s.web}/clusters/${quinoa.slug}`);
    await page.getByRole('heading', { level: 1, name: `Andean Quinoa ${run}` }).waitFor();
    await s.screenshot(page, 'profile');

    await page.goto(`${s.web}/registry`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('table').waitFor({ timeout: 30_000 });
    await s.screenshot(page, 'registry');

    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('When a keyboard user picks a cluster from the list beside the map, then its popup opens and leads to the profile', async () => {
    const page = await s.browser.newPage({ viewport: { width: 375, height: 800 } });
    const errors = pageErrors(page);
    await page.goto(`${s.web}/map?economy=CL&q=${encodeURIComponent(`valparaiso ${run}`)}`);
    await mapIdle(page, 1);
    // In Russian the map is built again with maplibre's controls named in Russian, and goes idle again.
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: 'Карта кластеров' }).waitFor();
    await mapIdle(page, 1);
    expect(await page.getByRole('button', { name: 'Приблизить' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'English' }).click();
    await mapIdle(page, 1);
    const item = page.getByRole('button', { name: `Valparaiso Wine ${run}` });
    await item.focus();
    await page.keyboard.press('Enter');
    const open = page.locator('.maplibregl-popup').getByRole('link', { name: 'Open the profile' });
    await open.waitFor({ timeout: 15_000 });
    await open.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Valparaiso Wine ${run}` }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
