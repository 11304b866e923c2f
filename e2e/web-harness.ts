// The pieces a browser test of the web client needs: a real stack (scripts/stack.mjs), the built client served by
// `vite preview` on 127.0.0.1 (proxying /graphql and /auth to the stack's gateway), Debian's chromium through
// playwright-core with software WebGL, the secretariat's token, GraphQL through the gateway, sign-in in the
// browser, and screenshots saved as artifacts (.data/test-results/screenshots) and for the README
// (docs/screenshots). WEB_DIST names another build folder than clients/web/dist (so parallel builds don't clash).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@ccp/kit/testing';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { ensureSecretariat, signIn } from '../scripts/accounts.mjs';
import { chromiumArgs, chromiumPath } from '../infra/infra.mjs';
import { root, startStack } from '../scripts/stack.mjs';

export const password = 'a long enough password 1';

export interface WebStack {
  web: string;
  gateway: string;
  browser: Browser;
  secretariatToken: string;
  /** GraphQL through the gateway; fails the test on any error. */
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<any>;
  /** Registers a user through the gateway; returns its id and e-mail. */
  newUser(name: string): Promise<{ id: string; email: string }>;
  /** Logs in at /account in the page's browser context (the test users' password unless given). */
  logIn(page: Page, email: string, secret?: string): Promise<void>;
  /** The secretariat's e-mail and password. */
  secretariat: { email: string; password: string };
  screenshot(page: Page, name: string, options?: { readme?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export async function startWebStack(options: {
  portOffset: number;
  databasePrefix: string;
  /**
   * Kafka topics of this file's own: with a prefix shared with other files, this stack's consumers would read
   * clusters those stacks registered (matchmaking then suggested partners this registry does not know, and the
   * browser's query of their names failed — seen on CI).
   */
  topicPrefix: string;
  previewPort: number;
}): Promise<WebStack> {
  const { databasePrefix, previewPort } = options;
  const run = Date.now().toString(36);
  const web = `http://127.0.0.1:${previewPort}`;
  const stack = await startStack({
    portOffset: options.portOffset,
    databasePrefix,
    groupPrefix: `${databasePrefix}-${run}`,
    logDir: join(root, '.data', 'logs', databasePrefix),
    env: { LOG_LEVEL: 'warn', KAFKA_TOPIC_PREFIX: options.topicPrefix },
  });
  let preview: ChildProcess | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    if (preview?.pid) process.kill(-preview.pid, 'SIGTERM');
    await stack.stop();
  };
  try {
    const gateway = stack.urls.gateway as string;
    const secretariat = ensureSecretariat({ databasePrefix }) as { email: string; password: string };
    const secretariatToken = (await signIn(gateway, secretariat)).accessToken as string;
    const dist = process.env.WEB_DIST ? ['--outDir', process.env.WEB_DIST] : [];
    preview = spawn(
      'npx',
      ['vite', 'preview', '--host', '127.0.0.1', '--port', String(previewPort), '--strictPort', ...dist],
      {
        cwd: join(root, 'clients', 'web'),
        env: { ...process.env, GATEWAY_URL: new URL(gateway).origin, WEB_PORT: String(previewPort) },
        stdio: 'ignore',
        detached: true, // its own process group, so stopping it also stops the vite process npx starts
      },
    );
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    await waitFor(async () => ((await fetch(`${web}/`).catch(() => undefined))?.ok ? true : undefined), {
      what: 'vite preview',
    });

    const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
      const res = await fetch(gateway, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: any[] };
      expect(body.errors).toBeUndefined();
      return body.data;
    };
    return {
      web,
      gateway,
      browser,
      secretariatToken,
      secretariat,
      gql,
      async newUser(name) {
        const email = `${name}-${run}@example.org`;
        const data = await gql(
          'mutation($input: RegisterUserInput!) { registerUser(input: $input) { id } }',
          {
            input: { email, name, password },
          },
        );
        return { id: data.registerUser.id as string, email };
      },
      async logIn(page, email, secret = password) {
        await page.goto(`${web}/account`);
        const form = page.getByRole('form', { name: 'Log in' });
        await form.getByLabel('E-mail address').fill(email);
        await form.getByLabel('Password').fill(secret);
        await form.getByRole('button', { name: 'Log in' }).click();
        await page.getByRole('heading', { level: 2, name: 'Profile' }).waitFor({ timeout: 30_000 });
      },
      async screenshot(page, name, { readme = true } = {}) {
        const dirs = [
          join(root, '.data', 'test-results', 'screenshots'),
          ...(readme ? [join(root, 'docs', 'screenshots')] : []),
        ];
        for (const dir of dirs) {
          mkdirSync(dir, { recursive: true });
          await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Records every request a page makes that leaves the preview's origin (data: and blob: URLs stay inside). */
export function foreignRequests(page: Page, web: string): string[] {
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${web}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  return foreign;
}

/** Collects the page's console errors and uncaught exceptions. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}
