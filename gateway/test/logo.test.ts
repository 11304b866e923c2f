import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { composeServices } from '@apollo/composition';
import { createSubgraphHandler, EventValidator, type Grant, listen, readSchemaFile } from '@ccp/kit';
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
import { createServer as createRegistry } from '../../services/registry/dist/server.js';
import { loadGatewayConfig } from '../src/config.js';
import { LOGO_READS_PER_REQUEST_ALLOWANCE } from '../src/logo-routes.js';
import { createGateway, type Gateway } from '../src/server.js';
import { type AccountsDouble, startAccountsDouble } from './accounts-double.js';
import { close, postJson, urlOf } from './helpers.js';

const REGISTER = `mutation ($input: RegisterClusterInput!) { registerCluster(input: $input) { id } }`;
const PUBLISH = `mutation ($id: ID!) { publishCluster(id: $id) { id status } }`;
const LOGO_URL = `query ($id: ID!) { cluster(id: $id) { logoUrl } }`;

const kafka = testKafka();
const tmp = mkdtempSync(join(tmpdir(), 'ccp-gateway-logo-'));
const supergraphPath = join(tmp, 'supergraph.graphql');
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;
let keys: Awaited<ReturnType<typeof testCallerKeys>>;
let registry: Awaited<ReturnType<typeof createRegistry>>;
let registryServer: Server;
let accounts: AccountsDouble;
const gateways: Array<{ gateway: Gateway; server: Server }> = [];
/** The logo requests that reached the registry, as `METHOD path?query`. */
const registryLogoCalls: string[] = [];
let baseUrl: string;

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** A complete greyscale PNG (IHDR with its CRC, IDAT, IEND); `padding` goes into a private chunk. */
function png(width: number, height: number, padding = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...(padding ? [pngChunk('ccPa', randomBytes(padding))] : []),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const bearer = async (subject: string, grants: Grant[]) => ({
  authorization: `Bearer ${await accounts.accessToken(subject, grants)}`,
});
const managerOf = (clusterId: string) => bearer('user-manager', [{ role: 'cluster-manager', clusterId }]);

async function startGateway(env: Record<string, string> = {}) {
  const config = loadGatewayConfig({
    SUPERGRAPH_PATH: supergraphPath,
    LOG_LEVEL: 'silent',
    // This test's supergraph lacks the types schemas/subscriptions.graphql names.
    SUBSCRIPTIONS_ENABLED: 'false',
    ACCOUNTS_URL: `${accounts.url}/graphql`,
    CALLER_PRIVATE_KEY: keys.privateKeyPem,
    REGISTRY_URL: urlOf(registryServer, '/graphql'),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10000',
    RATE_LIMIT_USER_PER_MINUTE: '10000',
    ...env,
  });
  const gateway = await createGateway(config, { logger: testLogger() });
  const server = await listen(gateway.handler, 0, '127.0.0.1');
  gateways.push({ gateway, server });
  return urlOf(server);
}

/** A cluster registered by a member and published by its coordinator, through the gateway. */
async function publishedCluster(): Promise<string> {
  const registered = await postJson(
    `${baseUrl}/graphql`,
    { query: REGISTER, variables: { input: { name: { en: `Logo ${Date.now()}` }, economyCode: 'PE' } } },
    await bearer('user-member', [{ role: 'member' }]),
  );
  const id = registered.json.data.registerCluster.id as string;
  const published = await postJson(
    `${baseUrl}/graphql`,
    { query: PUBLISH, variables: { id } },
    await bearer('user-coordinator', [{ role: 'economy-coordinator', economy: 'PE' }]),
  );
  expect(published.json.data.publishCluster.status).toBe('PUBLISHED');
  return id;
}

const logoOf = (id: string, base = baseUrl) => `${base}/clusters/${encodeURIComponent(id)}/logo`;

async function send(url: string, init: RequestInit & { duplex?: 'half' } = {}) {
  const res = await fetch(url, init);
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = (res.headers.get('content-type') ?? '').includes('json')
    ? JSON.parse(bytes.toString())
    : undefined;
  return { status: res.status, headers: res.headers, bytes, json, code: json?.errors?.[0]?.extensions?.code };
}

beforeAll(async () => {
  keys = await testCallerKeys();
  accounts = await startAccountsDouble(keys.verifier);
  db = await freshDatabase('gateway_logo');
  await ensureTopics(kafka);
  producer = await connectedProducer(kafka);
  registry = await createRegistry({
    mongo: db,
    kafka,
    producer,
    validator: new EventValidator(),
    logger: testLogger(),
  });
  await registry.apollo.start();
  const handler = createSubgraphHandler({
    apollo: registry.apollo,
    verifier: keys.verifier,
    context: registry.context,
    ready: async () => true,
    logger: testLogger(),
    routes: registry.routes,
  });
  registryServer = await listen(
    (req, res) => {
      if (req.url?.startsWith('/internal/cluster-logo')) registryLogoCalls.push(`${req.method} ${req.url}`);
      return handler(req, res);
    },
    0,
    '127.0.0.1',
  );
  const composed = composeServices([
    {
      name: 'registry',
      url: 'http://127.0.0.1:4001/graphql',
      typeDefs: parse(readSchemaFile('registry.graphql')),
    },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  writeFileSync(supergraphPath, composed.supergraphSdl);
  baseUrl = await startGateway();
});

afterAll(async () => {
  for (const { gateway, server } of gateways) {
    await close(server);
    await gateway.stop();
  }
  await close(registryServer);
  await close(accounts?.server);
  await registry?.apollo.stop();
  await Promise.allSettled((registry?.relays ?? []).map((r) => r.stop()));
  await producer?.disconnect();
  await db?.drop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('cluster logos through the gateway', () => {
  it("When a cluster's manager PUTs a PNG with their access token, then anyone GETs the same bytes at the graph's logoUrl, cached for a year, and its ETag gives 304", async () => {
    const id = await publishedCluster();
    const image = png(40, 24);

    const uploaded = await send(logoOf(id), {
      method: 'PUT',
      headers: { 'content-type': 'image/png', ...(await managerOf(id)) },
      body: image,
    });
    const read = await postJson(`${baseUrl}/graphql`, { query: LOGO_URL, variables: { id } });
    const logoUrl = read.json.data.cluster.logoUrl as string;
    const served = await send(`${baseUrl}${logoUrl}`);
    const again = await send(`${baseUrl}${logoUrl}`, {
      headers: { 'if-none-match': served.headers.get('etag')! },
    });

    expect(uploaded.status).toBe(200);
    expect(uploaded.json).toMatchObject({ logoUrl, logo: { width: 40, height: 24, size: image.length } });
    expect(logoUrl).toMatch(new RegExp(`^/clusters/${id}/logo\\?v=[0-9a-f]{12}$`));
    expect(served.status).toBe(200);
    expect(served.bytes.equals(image)).toBe(true);
    expect(Object.fromEntries(served.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(image.length),
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline',
    });
    expect(served.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(again.status).toBe(304);
    expect(again.bytes).toHaveLength(0);
    expect(registryLogoCalls).toContain(`GET /internal/cluster-logo?id=${id}&v=${logoUrl.split('v=')[1]}`);
  });

  it('When anonymous or a member uploads, then 401 and 403; a forged bearer token is refused with 401 even to read; nothing is stored', async () => {
    const id = await publishedCluster();
    const put = async (headers: Record<string, string>) =>
      send(logoOf(id), {
        method: 'PUT',
        headers: { 'content-type': 'image/png', ...headers },
        body: png(16, 16),
      });

    const anonymous = await put({});
    const member = await put(await bearer('user-member', [{ role: 'member' }]));
    const forged = await send(logoOf(id), {
      headers: { authorization: `Bearer ${await accounts.foreignToken('user-manager', [])}` },
    });
    const read = await postJson(`${baseUrl}/graphql`, { query: LOGO_URL, variables: { id } });

    expect([anonymous.status, anonymous.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect([member.status, member.code]).toEqual([403, 'FORBIDDEN']);
    expect([forged.status, forged.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(read.json.data.cluster.logoUrl).toBeNull();
  });

  it('When an upload is over 512 KB, then the gateway answers 413 PAYLOAD_TOO_LARGE: by its Content-Length without calling the registry, or as it streams', async () => {
    const id = await publishedCluster();
    const big = png(16, 16, 530 * 1024);
    const headers = { 'content-type': 'image/png', ...(await managerOf(id)) };
    const callsBefore = registryLogoCalls.length;

    const declared = await send(logoOf(id), { method: 'PUT', headers, body: big });
    const declaredCalls = registryLogoCalls.length - callsBefore;
    const streamed = await send(logoOf(id), {
      method: 'PUT',
      headers,
      duplex: 'half',
      body: new ReadableStream({
        start(controller) {
          for (let at = 0; at < big.length; at += 64 * 1024)
            controller.enqueue(big.subarray(at, at + 64 * 1024));
          controller.close();
        },
      }),
    });
    const read = await postJson(`${baseUrl}/graphql`, { query: LOGO_URL, variables: { id } });

    expect([declared.status, declared.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(declared.json.errors[0].extensions.field).toBe('body');
    expect(declaredCalls).toBe(0);
    expect([streamed.status, streamed.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(read.json.data.cluster.logoUrl).toBeNull();
  });

  it('When an SVG is uploaded, then the registry refuses it (415 naming contentType) and the gateway passes the typed error on', async () => {
    const id = await publishedCluster();

    const res = await send(logoOf(id), {
      method: 'PUT',
      headers: { 'content-type': 'image/svg+xml', ...(await managerOf(id)) },
      body: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    });

    expect(res.status).toBe(415);
    expect(res.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentType' });
  });

  it('When its manager DELETEs the logo, then the graph gives no logoUrl and GET answers 404', async () => {
    const id = await publishedCluster();
    const auth = await managerOf(id);
    await send(logoOf(id), {
      method: 'PUT',
      headers: { 'content-type': 'image/png', ...auth },
      body: png(16, 16),
    });

    const removed = await send(logoOf(id), { method: 'DELETE', headers: auth });
    const read = await postJson(`${baseUrl}/graphql`, { query: LOGO_URL, variables: { id } });
    const served = await send(logoOf(id));

    expect(removed.status).toBe(200);
    expect(read.json.data.cluster.logoUrl).toBeNull();
    expect([served.status, served.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('When the web client preflights a PUT or DELETE, then CORS allows it; another method or path is 405 or 404', async () => {
    const preflight = await fetch(logoOf('any'), {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    const post = await send(logoOf('any'), { method: 'POST', body: 'x' });
    const deeper = await send(`${logoOf('any')}/more`);

    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/PUT.*DELETE/);
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD, PUT, DELETE']);
    expect(deeper.status).toBe(404);
  });
});

describe('limits and failures', () => {
  it(`When anonymous clients read logos, then they draw from their own bucket of ${LOGO_READS_PER_REQUEST_ALLOWANCE}× the usual allowance, apart from /graphql`, async () => {
    const limited = await startGateway({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2' });
    const reads = LOGO_READS_PER_REQUEST_ALLOWANCE * 2;

    const statuses: number[] = [];
    for (let i = 0; i <= reads; i++) statuses.push((await send(logoOf('no-such-cluster', limited))).status);
    const graphql = await postJson(`${limited}/graphql`, { query: '{ specializations { code } }' });
    const last = await send(logoOf('no-such-cluster', limited));

    expect(statuses.slice(0, reads).every((s) => s === 404)).toBe(true);
    expect(statuses[reads]).toBe(429);
    expect(graphql.status).toBe(200);
    expect(last.code).toBe('RATE_LIMITED');
    expect(last.headers.get('retry-after')).toEqual(expect.any(String));
  });

  it('When the registry cannot be reached, then the gateway answers 502 without revealing its address', async () => {
    const probe = await listen((_req, res) => res.end(), 0, '127.0.0.1');
    const deadUrl = urlOf(probe, '/graphql');
    await close(probe);
    const detached = await startGateway({ REGISTRY_URL: deadUrl });

    const res = await send(logoOf('any', detached));

    expect([res.status, res.code]).toEqual([502, 'SUBGRAPH_UNAVAILABLE']);
    expect(res.bytes.toString()).not.toContain(deadUrl);
  });
});
