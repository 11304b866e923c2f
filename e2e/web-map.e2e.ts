/// <reference lib="dom" />
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '@ccp/kit/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../scripts/stack.mjs';
import { foreignRequests, pageErrors, startWebStack, type WebStack } from './web-harness.js';

// The cluster map in Debian's chromium (software WebGL through SwiftShader) against the real platform: the built
// web client served by `vite preview` on 127.0.0.1:6973, a stack on port offset 2010 (webmap_* databases, h11.
// topics). Screenshots of the home, map, registry and profile pages at 1280 px. Last, the client built with a Mapbox
// token (.data/web-dist-mapbox, served on 6974) in the same browser with every *.mapbox.com request aborted.
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

  it('When the client is built with a Mapbox token, then /map loads mapbox-gl and asks api.mapbox.com (aborted: no network here), then falls back to the offline map', async () => {
    // A public token's shape (pk.<base64url JSON>.<signature>), valid nowhere.
    const token = `pk.${Buffer.from(JSON.stringify({ u: 'e2e', a: 'offline' })).toString('base64url')}.e2e`;
    const dist = join(root, '.data', 'web-dist-mapbox');
    const web = join(root, 'clients', 'web');
    const build = spawnSync(
      'npx',
      ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'],
      {
        cwd: web,
        encoding: 'utf8',
        env: { ...process.env, VITE_MAPBOX_TOKEN: token },
      },
    );
    expect(build.status, build.stderr).toBe(0);
    const origin = 'http://127.0.0.1:6974';
    const preview = spawn(
      'npx',
      ['vite', 'preview', '--host', '127.0.0.1', '--port', '6974', '--strictPort', '--outDir', dist],
      {
        cwd: web,
        env: { ...process.env, GATEWAY_URL: new URL(s.gateway).origin, WEB_PORT: '6974' },
        stdio: 'ignore',
        detached: true,
      },
    );
    const context = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await waitFor(async () => ((await fetch(`${origin}/`).catch(() => undefined))?.ok ? true : undefined), {
        what: 'vite preview of the Mapbox build',
      });
      // Nothing reaches the internet: every Mapbox request is answered here, by aborting it.
      const mapbox: string[] = [];
      await context.route(/^https:\/\/([a-z0-9-]+\.)*mapbox\.com\//, (route) => {
        mapbox.push(route.request().url());
        return route.abort('internetdisconnected');
      });
      const page = await context.newPage();
      const foreign = foreignRequests(page, origin);
      const errors = pageErrors(page);
      const warnings: string[] = [];
      page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
      const chunk = page.waitForRequest((request) => /\/assets\/mapbox-gl-[^/]*\.js$/.test(request.url()));
      await page.goto(`${origin}/map`);
      expect((await chunk).url().startsWith(`${origin}/assets/`)).toBe(true);

      // The style was asked for with the token; it failed, so the offline map drew the same points.
      await page
        .locator('[data-map-state="idle"][data-map-renderer="maplibre"]')
        .waitFor({ timeout: 60_000 });
      expect(
        Number(await page.locator('[data-map-state]').getAttribute('data-point-count')),
      ).toBeGreaterThanOrEqual(3);
      const style = mapbox.find((url) => url.startsWith('https://api.mapbox.com/styles/v1/mapbox/light-v11'));
      expect(new URL(style ?? 'https://none.invalid').searchParams.get('access_token')).toBe(token);
      expect(warnings.some((w) => w.startsWith('The Mapbox style could not be loaded'))).toBe(true);
      expect(await page.locator('.mapboxgl-map').count()).toBe(0);
      // Only Mapbox was asked for outside the site, and nothing failed but the aborted requests.
      expect(foreign.filter((url) => !mapbox.includes(url))).toEqual([]);
      // No right-to-left text plugin from Mapbox's CDN (no such script among the platform's languages): its load,
      // cancelled when the Mapbox map was removed, was logged as "AbortError: Actor removed".
      expect(mapbox.filter((url) => url.includes('rtl-text'))).toEqual([]);
      expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e))).toEqual([]);
      await s.screenshot(page, 'map-mapbox-fallback', { readme: false });
    } finally {
      await context.close();
      if (preview.pid) process.kill(-preview.pid, 'SIGTERM');
    }
  }, 180_000);
});
