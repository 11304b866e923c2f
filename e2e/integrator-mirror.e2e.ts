import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fetchPublishedClusters, type MirrorEvent, readMirror, runMirror } from '@ccp/integrator';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSecretariat, signIn } from '../scripts/accounts.mjs';
import { root, startStack } from '../scripts/stack.mjs';

// The example integrator (clients/integrator) against the real gateway's subscriptions, the gateway killed mid-stream.
const run = randomUUID().slice(0, 8);
const tmp = mkdtempSync(join(tmpdir(), 'ccp-integrator-e2e-'));
const out = join(tmp, 'clusters.json');
let stack: { urls: Record<string, string>; stop(): Promise<void>; stopOne(n: string, signal?: string): Promise<void>; start(n: string): Promise<void> };
let secretariatToken: string;
let apiKey: string;

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(stack.urls.gateway!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secretariatToken}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: any[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function publishCluster(name: string): Promise<{ id: string; version: number }> {
  const { registerCluster } = await gql('mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id } }', {
    input: { name: { en: name }, economyCode: 'TH', location: { lat: 13.75, lng: 100.5 } },
  });
  const { publishCluster } = await gql('mutation($id: ID!) { publishCluster(id: $id) { id version } }', { id: registerCluster.id });
  return publishCluster;
}

const rename = (c: { id: string; version: number }, name: string) =>
  gql('mutation($id: ID!, $v: Int!, $name: String!) { updateCluster(id: $id, expectedVersion: $v, input: { name: { en: $name } }) { id version } }', {
    id: c.id,
    v: c.version,
    name,
  }).then((d) => d.updateCluster as { id: string; version: number });

const archive = (c: { id: string }) => gql('mutation($id: ID!) { archiveCluster(id: $id, reason: "Merged") { id } }', { id: c.id });

/** The platform's published clusters, as the same query reads them, equal field for field to the mirror file's. */
async function mirrorEqualsPlatform(): Promise<boolean> {
  const platform = await fetchPublishedClusters({ httpUrl: stack.urls.gateway!, authorization: `ApiKey ${apiKey}` });
  const mirrored = Object.values((await readMirror(out))?.clusters ?? {});
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
  return isDeepStrictEqual(mirrored.sort(byId), platform.clusters.sort(byId));
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await Promise.resolve().then(check).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  stack = await startStack({
    portOffset: 700,
    databasePrefix: `h3_${run}`,
    groupPrefix: `h3-${run}`,
    logDir: join(root, '.data', 'logs', `integrator-e2e-${run}`),
    env: { LOG_LEVEL: 'warn' },
  });
  const secretariat = ensureSecretariat({ databasePrefix: `h3_${run}` });
  secretariatToken = (await signIn(stack.urls.gateway!, secretariat)).accessToken;
  const { createApiKey } = await gql('mutation { createApiKey(input: { name: "Mirror e2e", role: INTEGRATOR }) { key } }');
  apiKey = createApiKey.key;
});

afterAll(async () => {
  await stack?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('ccp-mirror against the real platform', () => {
  it('When the gateway is killed mid-stream and restarted, then the mirror resumes with its cursor and ends exactly equal to the published clusters', async () => {
    const clusters = [];
    for (let i = 0; i < 3; i++) clusters.push(await publishCluster(`Mirror E2E Cluster ${run} ${i}`));

    const events: MirrorEvent[] = [];
    const controller = new AbortController();
    const mirror = runMirror({
      gateway: stack.urls.gateway!,
      out,
      apiKey,
      signal: controller.signal,
      logger: pino({ level: 'silent' }),
      idleMs: 500,
      backoffBaseMs: 200,
      backoffMaxMs: 2000,
      onEvent: (e) => events.push(e),
    });
    try {
      await until(() => events.some((e) => e.type === 'caught-up'), 'the first catch-up');
      expect(await mirrorEqualsPlatform()).toBe(true);

      clusters[0] = await rename(clusters[0]!, `Mirror E2E Cluster ${run} 0, renamed`);
      await until(async () => (await readMirror(out))?.cursor != null, 'a saved cursor');
      await until(mirrorEqualsPlatform, 'the rename mirrored');

      // Changes in flight while the gateway dies without a goodbye.
      clusters.push(await publishCluster(`Mirror E2E Cluster ${run} 3`));
      await archive(clusters[1]!);
      await stack.stopOne('gateway', 'SIGKILL');
      await until(() => events.some((e) => e.type === 'disconnected'), 'the drop noticed');
      await stack.start('gateway');
      clusters.push(await publishCluster(`Mirror E2E Cluster ${run} 4`));
      clusters[2] = await rename(clusters[2]!, `Mirror E2E Cluster ${run} 2, renamed after the restart`);

      await until(mirrorEqualsPlatform, 'the mirror equal to the platform after the restart');
      const state = await readMirror(out);
      expect(Object.keys(state?.clusters ?? {}).sort()).toEqual(
        [clusters[0], clusters[2], clusters[3], clusters[4]].map((c) => c!.id).sort(),
      );
      expect(events.filter((e) => e.type === 'snapshot')).toHaveLength(1);
      const resumed = events.filter((e) => e.type === 'connecting').slice(1) as Extract<MirrorEvent, { type: 'connecting' }>[];
      expect(resumed.length).toBeGreaterThan(0);
      expect(resumed.every((e) => e.resumeFrom !== null)).toBe(true);
    } finally {
      controller.abort();
      await mirror;
    }
  });
});
