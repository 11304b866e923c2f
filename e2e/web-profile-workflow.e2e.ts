import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@ccp/kit/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { ensureSecretariat, signIn } from '../scripts/accounts.mjs';
// @ts-expect-error plain ESM script without types
import { root, startStack } from '../scripts/stack.mjs';
import { chromiumArgs, chromiumPath } from '../infra/infra.mjs';

// A manager edits and submits a profile and the coordinator publishes it, in Debian's chromium against the real
// platform: the built web client served by `vite preview` on 127.0.0.1:6373, a stack on port offset 1200.
const databasePrefix = 'web3_e2e';
const previewPort = 6373;
const web = `http://127.0.0.1:${previewPort}`;
const shots = [join(root, '.data', 'test-results', 'screenshots'), join(root, 'docs', 'screenshots')];
const run = Date.now().toString(36);
const password = 'a long enough password 1';
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
  const body = (await res.json()) as { data?: any; errors?: any[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

async function screenshot(page: Page, name: string) {
  for (const dir of shots) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  }
}

async function newUser(name: string) {
  const email = `${name}-${run}@example.org`;
  const data = await gql('mutation($input: RegisterUserInput!) { registerUser(input: $input) { id } }', {
    input: { email, name, password },
  });
  return { id: data.registerUser.id as string, email };
}

async function logIn(page: Page, email: string) {
  await page.goto(`${web}/account`);
  const form = page.getByRole('form', { name: 'Log in' });
  await form.getByLabel('E-mail address').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 2, name: 'Profile' }).waitFor({ timeout: 30_000 });
}

beforeAll(async () => {
  stack = await startStack({
    portOffset: 1200,
    databasePrefix,
    groupPrefix: `${databasePrefix}-${run}`,
    logDir: join(root, '.data', 'logs', databasePrefix),
    env: { LOG_LEVEL: 'warn', KAFKA_TOPIC_PREFIX: 'h6.' },
  });
  secretariatToken = (await signIn(stack.urls.gateway!, ensureSecretariat({ databasePrefix }))).accessToken;
  preview = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(previewPort), '--strictPort'], {
    cwd: join(root, 'clients', 'web'),
    env: { ...process.env, GATEWAY_URL: new URL(stack.urls.gateway!).origin, WEB_PORT: String(previewPort) },
    stdio: 'ignore',
    detached: true,
  });
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
  await waitFor(async () => ((await fetch(`${web}/`).catch(() => undefined))?.ok ? true : undefined), { what: 'vite preview' });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (preview?.pid) process.kill(-preview.pid, 'SIGTERM');
  await stack?.stop();
});

describe('profile workflow in a browser', () => {
  it('When a manager edits and submits the profile and the coordinator publishes it, then it shows on the map', async () => {
    const manager = await newUser('manager');
    const coordinator = await newUser('coordinator');
    await gql('mutation($u: ID!) { appointCoordinator(userId: $u, economy: "VN") { userId } }', { u: coordinator.id }, secretariatToken);
    const managerToken = (await signIn(stack.urls.gateway!, { email: manager.email, password })).accessToken;
    const name = `Web E2E Saigon Robotics ${run}`;
    const { registerCluster } = await gql(
      'mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id slug } }',
      { input: { name: { en: name }, economyCode: 'VN', location: { lat: 10.78, lng: 106.7 } } },
      managerToken,
    );

    // The manager logs in (a fresh session carries the new grant) and edits the profile.
    const managerPage = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await logIn(managerPage, manager.email);
    await screenshot(managerPage, 'account');
    await managerPage.getByRole('link', { name: `Edit the profile of ${name}` }).click();
    await managerPage.getByRole('heading', { level: 1, name: `Edit ${name}` }).waitFor();
    await managerPage.getByLabel('Mission and objectives (English)').fill('Robotics for Mekong manufacturers');
    await managerPage.getByLabel('Website (https)').fill('https://robotics.example.vn');
    await managerPage.getByRole('button', { name: 'Save the draft' }).click();
    await managerPage.getByText(/^Saved \(version \d+\)\.$/).waitFor();
    expect(await managerPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(managerPage, 'profile-edit');
    await managerPage.getByRole('button', { name: 'Submit for review' }).click();
    await managerPage.getByText('Submitted for review.').waitFor();

    // The coordinator publishes it from the queue.
    const coordinatorPage = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await logIn(coordinatorPage, coordinator.email);
    await coordinatorPage.goto(`${web}/coordination`);
    const publish = coordinatorPage.getByRole('button', { name: `Publish ${name}` });
    await publish.waitFor({ timeout: 30_000 });
    await screenshot(coordinatorPage, 'coordination');
    await publish.click();
    await coordinatorPage.getByText(`${name} is published.`).waitFor();

    // A visitor's map gets it among its points.
    const visitor = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const points = visitor.waitForResponse(async (r) => r.url() === `${web}/graphql` && (await r.text()).includes('"ids"'));
    await visitor.goto(`${web}/map`);
    const body = await (await points).json();
    expect(body.data.clusterMapPoints.ids).toContain(registerCluster.id);
    const { cluster } = await gql('query($id: ID!) { cluster(id: $id) { status website } }', { id: registerCluster.id });
    expect(cluster).toEqual({ status: 'PUBLISHED', website: 'https://robotics.example.vn' });
  }, 180_000);
});
