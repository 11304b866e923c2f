import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import {
  CALLER_HEADER,
  type Caller,
  createSubgraphHandler,
  EventValidator,
  listen,
  readSchemaFile,
} from '@ccp/kit';
import {
  connectedProducer,
  ensureTopics,
  freshDatabase,
  testCallerKeys,
  testKafka,
  testLogger,
} from '@ccp/kit/testing';
import { parse } from 'graphql';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createEconomies } from '../../services/economies/dist/server.js';
import { loadGatewayConfig } from '../src/config.js';
import { createGateway, type Gateway } from '../src/server.js';
import { type AccountsDouble, startAccountsDouble } from './accounts-double.js';
import { close, postJson, urlOf } from './helpers.js';

const YEAR = 2037;
const BASELINE = 2035;
const SET_TARGET = `mutation ($k: KpiName!, $y: Int!, $e: ID, $t: Int!) {
  setKpiTarget(kpi: $k, year: $y, economy: $e, target: $t) { target }
}`;

const kafka = testKafka();
const tmp = mkdtempSync(join(tmpdir(), 'ccp-gateway-public-'));
const supergraphPath = join(tmp, 'supergraph.graphql');
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;
let keys: Awaited<ReturnType<typeof testCallerKeys>>;
let economies: Awaited<ReturnType<typeof createEconomies>>;
let economiesServer: Server;
let economiesUrl: string;
let accounts: AccountsDouble;
const gateways: Array<{ gateway: Gateway; server: Server }> = [];
/** The public requests that reached economies: path with query, and the caller its token named. */
const economiesCalls: { url: string; caller: Caller | null }[] = [];
let baseUrl: string;

async function startGateway(env: Record<string, string> = {}) {
  const config = loadGatewayConfig({
    SUPERGRAPH_PATH: supergraphPath,
    LOG_LEVEL: 'silent',
    // This test's supergraph lacks the types schemas/subscriptions.graphql names.
    SUBSCRIPTIONS_ENABLED: 'false',
    ACCOUNTS_URL: `${accounts.url}/graphql`,
    CALLER_PRIVATE_KEY: keys.privateKeyPem,
    ECONOMIES_URL: `${economiesUrl}/graphql`,
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10000',
    RATE_LIMIT_USER_PER_MINUTE: '10000',
    ...env,
  });
  const gateway = await createGateway(config, { logger: testLogger() });
  const server = await listen(gateway.handler, 0, '127.0.0.1');
  gateways.push({ gateway, server });
  return urlOf(server);
}

async function send(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, text, json };
}

beforeAll(async () => {
  keys = await testCallerKeys();
  accounts = await startAccountsDouble(keys.verifier);
  db = await freshDatabase('gateway_public');
  await ensureTopics(kafka);
  producer = await connectedProducer(kafka);
  economies = await createEconomies({
    mongo: db,
    kafka,
    producer,
    validator: new EventValidator(),
    logger: testLogger(),
  });
  await economies.apollo.start();
  const handler = createSubgraphHandler({
    apollo: economies.apollo,
    verifier: keys.verifier,
    context: economies.context,
    ready: async () => true,
    logger: testLogger(),
    routes: economies.routes,
  });
  economiesServer = await listen(
    async (req, res) => {
      if (req.url?.startsWith('/public/')) {
        const token = req.headers[CALLER_HEADER] as string | undefined;
        const caller = token ? await keys.verifier.verify(token).catch(() => null) : null;
        economiesCalls.push({ url: req.url, caller });
      }
      return handler(req, res);
    },
    0,
    '127.0.0.1',
  );
  economiesUrl = urlOf(economiesServer);
  const composed = composeServices([
    {
      name: 'economies',
      url: 'http://127.0.0.1:4002/graphql',
      typeDefs: parse(readSchemaFile('economies.graphql')),
    },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  writeFileSync(supergraphPath, composed.supergraphSdl);
  baseUrl = await startGateway();

  const secretariat = {
    authorization: `Bearer ${await accounts.accessToken('user-secretariat', [{ role: 'secretariat' }])}`,
  };
  for (const [k, y, e, t] of [
    ['CLUSTERS_RESPONDED', YEAR, null, 9],
    ['CLUSTERS_RESPONDED', YEAR, 'HK', 3],
    ['CLUSTERS_RESPONDED', BASELINE, null, 5],
  ] as const) {
    const res = await postJson(`${baseUrl}/graphql`, { query: SET_TARGET, variables: { k, y, e, t } }, secretariat);
    if (res.json?.errors) throw new Error(JSON.stringify(res.json.errors));
  }
}, 90_000);

afterAll(async () => {
  for (const { gateway, server } of gateways) {
    await close(server);
    await gateway.stop();
  }
  await close(economiesServer);
  await close(accounts?.server);
  await economies?.apollo.stop();
  await Promise.allSettled((economies?.relays ?? []).map((r) => r.stop()));
  await producer?.disconnect();
  await db?.drop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the monitoring report through the gateway', () => {
  it("When anyone GETs /reports/monitoring.csv with a query string, then economies' CSV comes back byte for byte, with its type and file name", async () => {
    const path = `/reports/monitoring.csv?year=${YEAR}&compare=${BASELINE}`;

    const viaGateway = await send(`${baseUrl}${path}`, { headers: { origin: 'http://localhost:5173' } });
    const direct = await send(`${economiesUrl}/public${path}`);

    expect(viaGateway.status).toBe(200);
    expect(viaGateway.text).toBe(direct.text);
    expect(viaGateway.text).toContain(`${YEAR},CLUSTERS_RESPONDED,APEC,APEC,0,9,0,${BASELINE},0,0\r\n`);
    expect(viaGateway.text).toContain(`${YEAR},CLUSTERS_RESPONDED,HK,"Hong Kong, China",0,3,0,${BASELINE},0,0\r\n`);
    expect(Object.fromEntries(viaGateway.headers)).toMatchObject({
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="apec-ccp-monitoring-${YEAR}-vs-${BASELINE}.csv"`,
      'cache-control': 'public, max-age=60',
      'x-content-type-options': 'nosniff',
      'access-control-allow-origin': 'http://localhost:5173',
    });
    expect(economiesCalls.map((c) => c.url)).toContain(`/public${path}`);
  });

  it('When the JSON and the printable page are fetched, then they are the report, and the page keeps its own CSP that allows exactly its style', async () => {
    const json = await send(`${baseUrl}/reports/monitoring.json?year=${YEAR}`);
    const html = await send(`${baseUrl}/reports/monitoring.html?year=${YEAR}&compare=${BASELINE}&lang=ru`);

    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.json.year).toBe(YEAR);
    const responded = json.json.kpis.find((k: { kpi: string }) => k.kpi === 'CLUSTERS_RESPONDED');
    expect(responded.apec).toEqual({ value: 0, target: 9, progress: 0 });
    expect(json.json.comparison).toBeUndefined();

    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.text).toContain('<html lang="ru">');
    expect(html.text).toContain('Гонконг, Китай');
    const style = /<style>([\s\S]*)<\/style>/.exec(html.text)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    const csp = html.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^default-src 'none';/);
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(html.headers.get('x-frame-options')).toBe('DENY');
  });

  it("When a query parameter is bad, then economies' 400 {error, field} comes back as is", async () => {
    const missing = await send(`${baseUrl}/reports/monitoring.json`);
    const same = await send(`${baseUrl}/reports/monitoring.csv?year=${YEAR}&compare=${YEAR}`);

    expect([missing.status, missing.json.field, typeof missing.json.error]).toEqual([400, 'year', 'string']);
    expect([same.status, same.json.field]).toEqual([400, 'compare']);
  });

  it('When the whole GraphQL monitoringReport with its comparison is asked for through the gateway, then it fits the query limits and gives the same figures', async () => {
    const res = await postJson(`${baseUrl}/graphql`, {
      query: `query ($y: Int!, $c: Int) {
        monitoringReport(year: $y, compareWith: $c) {
          year generatedAt
          kpis { kpi number label { en ru } definition { en ru } }
          figures { kpi economy { code name } value target progress breakdown { key value } }
          comparison { fromYear toYear changes { kpi economy { code name } from to change changePct } }
        }
      }`,
      variables: { y: YEAR, c: BASELINE },
    });

    expect(res.json.errors).toBeUndefined();
    const report = res.json.data.monitoringReport;
    const figure = (code: string | null) =>
      report.figures.find(
        (f: { kpi: string; economy: { code: string } | null }) =>
          f.kpi === 'CLUSTERS_RESPONDED' && (f.economy?.code ?? null) === code,
      );
    expect(figure(null)).toMatchObject({ value: 0, target: 9, progress: 0 });
    expect(figure('HK')).toMatchObject({ economy: { code: 'HK', name: 'Hong Kong, China' }, target: 3 });
    expect(report.comparison).toMatchObject({ fromYear: BASELINE, toYear: YEAR });
    expect(report.comparison.changes).toHaveLength(report.figures.length);
  });
});

describe('the news feed through the gateway', () => {
  it("When a reader GETs /feeds/news.atom, then economies' Atom feed comes back with its type; a bad economy is economies' 400", async () => {
    const feed = await send(`${baseUrl}/feeds/news.atom`);
    const bad = await send(`${baseUrl}/feeds/news.atom?economy=XX`);

    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(feed.text).toMatch(/<feed[\s>]/);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('economy');
    expect(economiesCalls.map((c) => c.url)).toContain('/public/feeds/news.atom?economy=XX');
  });
});

describe('callers, limits and failures', () => {
  it('When a signed-in user fetches a report, then economies is called with a caller token naming them; a forged token is refused before economies', async () => {
    const token = await accounts.accessToken('user-analyst', [{ role: 'member' }]);
    const before = economiesCalls.length;

    const signed = await send(`${baseUrl}/reports/monitoring.json?year=${YEAR}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const forged = await send(`${baseUrl}/reports/monitoring.json?year=${YEAR}`, {
      headers: { authorization: `Bearer ${await accounts.foreignToken('user-analyst', [])}` },
    });

    expect(signed.status).toBe(200);
    expect(forged.status).toBe(401);
    expect(forged.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const calls = economiesCalls.slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.caller).toMatchObject({ subject: 'user-analyst', kind: 'user' });
  });

  it('When a client goes over its allowance, then the usual 429 RATE_LIMITED with Retry-After; another method is 405 without reaching economies', async () => {
    const limited = await startGateway({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2' });
    const before = economiesCalls.length;

    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await send(`${limited}/reports/monitoring.csv?year=${YEAR}`)).status);
    const last = await send(`${limited}/feeds/news.atom`);
    const post = await send(`${baseUrl}/reports/monitoring.json?year=${YEAR}`, { method: 'POST', body: '{}' });

    expect(statuses).toEqual([200, 200, 429]);
    expect(last.json.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(last.headers.get('retry-after')).toEqual(expect.any(String));
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect(economiesCalls.length - before).toBe(2);
  });

  it('When economies cannot be reached, then the gateway answers 502 without revealing its address', async () => {
    const probe = await listen((_req, res) => res.end(), 0, '127.0.0.1');
    const deadUrl = urlOf(probe, '/graphql');
    await close(probe);
    const detached = await startGateway({ ECONOMIES_URL: deadUrl });

    const res = await send(`${detached}/reports/monitoring.html?year=${YEAR}`);

    expect([res.status, res.json.errors[0].extensions.code]).toEqual([502, 'SUBGRAPH_UNAVAILABLE']);
    expect(res.text).not.toContain(deadUrl);
  });
});
