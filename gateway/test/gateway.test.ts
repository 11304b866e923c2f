import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import {
  type Caller,
  createSubgraphHandler,
  EventValidator,
  generateCallerKeys,
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
import { createServer as createRegistry } from '../../services/registry/dist/server.js';
import { loadGatewayConfig } from '../src/config.js';
import { createGateway, type Gateway } from '../src/server.js';
import { type AccountsDouble, startAccountsDouble } from './accounts-double.js';
import { close, postJson, urlOf } from './helpers.js';

const REGISTER = `mutation Register($input: RegisterClusterInput!) {
  registerCluster(input: $input) { id status economyCode names { en ru } }
}`;
const CLUSTER = `query Cluster($id: ID!) { cluster(id: $id) { id name names { en ru } status } }`;

const kafka = testKafka();
const tmp = mkdtempSync(join(tmpdir(), 'ccp-gateway-'));
const supergraphPath = join(tmp, 'supergraph.graphql');
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;
let keys: Awaited<ReturnType<typeof testCallerKeys>>;
let registry: Awaited<ReturnType<typeof createRegistry>>;
let registryServer: Server;
let accounts: AccountsDouble;
const seenCallers: Caller[] = [];
const gateways: Array<{ gateway: Gateway; server: Server }> = [];
let graphqlUrl: string;
let baseUrl: string;

/** A gateway over the registry-only supergraph, listening on an ephemeral port. */
async function startGateway(env: Record<string, string>) {
  const config = loadGatewayConfig({
    SUPERGRAPH_PATH: supergraphPath,
    LOG_LEVEL: 'silent',
    // This test's supergraph lacks the types schemas/subscriptions.graphql names.
    SUBSCRIPTIONS_ENABLED: 'false',
    ACCOUNTS_URL: `${accounts.url}/graphql`,
    ...env,
  });
  const gateway = await createGateway(config, { logger: testLogger() });
  const server = await listen(gateway.handler, 0, '127.0.0.1');
  gateways.push({ gateway, server });
  return urlOf(server);
}

beforeAll(async () => {
  keys = await testCallerKeys();
  accounts = await startAccountsDouble(keys.verifier);
  db = await freshDatabase('gateway');
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
  registryServer = await listen(
    createSubgraphHandler({
      apollo: registry.apollo,
      verifier: keys.verifier,
      context: (caller) => {
        seenCallers.push(caller);
        return registry.context(caller);
      },
      ready: async () => true,
      logger: testLogger(),
    }),
    0,
    '127.0.0.1',
  );

  // Composed the way scripts/compose.mjs does, with the contract's port; REGISTRY_URL points at the test's one.
  const composed = composeServices([
    {
      name: 'registry',
      url: 'http://127.0.0.1:4001/graphql',
      typeDefs: parse(readSchemaFile('registry.graphql')),
    },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  writeFileSync(supergraphPath, composed.supergraphSdl);

  baseUrl = await startGateway({
    CALLER_PRIVATE_KEY: keys.privateKeyPem,
    REGISTRY_URL: urlOf(registryServer, '/graphql'),
  });
  graphqlUrl = `${baseUrl}/graphql`;
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

describe('GraphQL through the gateway', () => {
  it('When a client asks for the clusters, then the registry answers through the gateway', async () => {
    const res = await postJson(graphqlUrl, { query: '{ clusters { totalCount } }' });

    expect(res.status).toBe(200);
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.clusters.totalCount).toEqual(expect.any(Number));
  });

  it("When a signed-in user registers a cluster through the gateway, then the registry receives the user's caller token and the cluster reads back", async () => {
    const secretariat: Caller = {
      subject: 'user-secretariat',
      kind: 'user',
      grants: [{ role: 'secretariat' }],
    };
    const auth = {
      authorization: `Bearer ${await accounts.accessToken(secretariat.subject, secretariat.grants)}`,
    };
    const callersBefore = seenCallers.length;
    const registered = await postJson(
      graphqlUrl,
      {
        query: REGISTER,
        variables: {
          input: {
            name: { en: 'Vladivostok Marine Cluster', ru: 'Владивостокский морской кластер' },
            economyCode: 'RU',
          },
        },
      },
      auth,
    );

    expect(registered.json.errors).toBeUndefined();
    expect(registered.json.data.registerCluster).toMatchObject({ status: 'DRAFT', economyCode: 'RU' });
    const id = registered.json.data.registerCluster.id;
    const read = await postJson(graphqlUrl, { query: CLUSTER, variables: { id } }, auth);
    expect(read.json.data.cluster).toEqual({
      id,
      name: 'Vladivostok Marine Cluster',
      names: { en: 'Vladivostok Marine Cluster', ru: 'Владивостокский морской кластер' },
      status: 'DRAFT',
    });
    expect(seenCallers.slice(callersBefore)).toEqual([secretariat, secretariat]);
  });

  it('When the subgraph is called directly without a caller token, then it refuses with 401', async () => {
    const res = await postJson(urlOf(registryServer, '/graphql'), { query: '{ clusters { totalCount } }' });

    expect(res.status).toBe(401);
    expect(res.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it("When the gateway signs with a key the subgraph does not trust, then the query fails without revealing the subgraph's address", async () => {
    const stranger = await generateCallerKeys();
    const url = await startGateway({
      CALLER_PRIVATE_KEY: stranger.privateKeyPem,
      REGISTRY_URL: urlOf(registryServer, '/graphql'),
    });

    const res = await postJson(`${url}/graphql`, { query: '{ clusters { totalCount } }' });

    expect(res.json.data?.clusters ?? null).toBeNull();
    expect(res.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(res.text).not.toContain(urlOf(registryServer));
  });

  it('When a GET query carries the preflight header, then it is executed', async () => {
    const res = await fetch(`${graphqlUrl}?query=${encodeURIComponent('{ clusters { totalCount } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    const body = (await res.json()) as { data: { clusters: { totalCount: number } } };

    expect(res.status).toBe(200);
    expect(body.data.clusters.totalCount).toEqual(expect.any(Number));
  });

  it('When a client introspects the schema, then the composed schema is served', async () => {
    const res = await postJson(graphqlUrl, { query: '{ __type(name: "Cluster") { fields { name } } }' });

    expect(res.json.data.__type.fields.map((f: { name: string }) => f.name)).toContain('economyCode');
  });

  it('When a browser opens /graphql, then no landing page (and no CDN script) is served', async () => {
    const res = await fetch(graphqlUrl, { headers: { accept: 'text/html' } });
    const text = await res.text();

    expect(res.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(text).not.toMatch(/<script|cdn/i);
  });
});

describe('bad requests', () => {
  it('When the body is not valid JSON, then the gateway answers 400 BAD_REQUEST', async () => {
    const res = await postJson(graphqlUrl, '{"query": "{ clusters { totalCount } }"');

    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('When the body is larger than 1 MB, then the gateway answers 413', async () => {
    const res = await postJson(graphqlUrl, {
      query: '{ clusters { totalCount } }',
      padding: 'x'.repeat(1_100_000),
    });

    expect(res.status).toBe(413);
    expect(res.json.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('When a method other than GET or POST hits /graphql, then the gateway answers 405', async () => {
    const res = await fetch(graphqlUrl, { method: 'PUT', body: '{}' });

    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, OPTIONS');
  });
});

describe('CORS', () => {
  it('When the web client (an allowed origin) sends a preflight, then it is allowed with credentials', async () => {
    const res = await fetch(graphqlUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('When another origin sends a preflight, then no allow-origin header is given', async () => {
    const res = await fetch(graphqlUrl, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });

    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('When an allowed origin posts a query, then the answer carries its allow-origin header', async () => {
    const res = await postJson(
      graphqlUrl,
      { query: '{ clusters { totalCount } }' },
      { origin: 'http://127.0.0.1:5173' },
    );

    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(res.headers.get('vary')).toContain('Origin');
  });
});

describe('operations endpoints', () => {
  it('When /health is asked, then it answers 200', async () => {
    const res = await fetch(`${baseUrl}/health`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('When every subgraph is up, then /ready answers 200', async () => {
    const res = await fetch(`${baseUrl}/ready`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', subgraphs: { registry: 'up' } });
  });

  it('When a subgraph does not answer, then /ready answers 503 naming it', async () => {
    const gone = await listen((_req, res) => res.end(), 0, '127.0.0.1');
    const goneUrl = urlOf(gone, '/graphql');
    await close(gone);
    const url = await startGateway({ CALLER_PRIVATE_KEY: keys.privateKeyPem, REGISTRY_URL: goneUrl });

    const res = await fetch(`${url}/ready`);

    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not ready', subgraphs: { registry: 'down' } });
  });

  it('When /metrics is scraped, then the request duration histogram is there', async () => {
    await fetch(`${baseUrl}/health`);
    const res = await fetch(`${baseUrl}/metrics`);
    const text = await res.text();

    expect(res.status).toBe(200);
    expect(text).toMatch(/ccp_http_request_duration_seconds_count\{route="\/health",status="200"\} \d+/);
  });
});
