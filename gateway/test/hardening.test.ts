import { setTimeout as sleep } from 'node:timers/promises';
import type { Caller } from '@ccp/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, INTERNAL_DETAIL, startHarness } from './harness.js';
import { postJson } from './helpers.js';

let harness: Harness;
let graphqlUrl: string;

beforeAll(async () => {
  harness = await startHarness();
  graphqlUrl = `${await harness.startGateway()}/graphql`;
});

afterAll(async () => {
  await harness?.stop();
});

/** `{ item { parent { … { id } } } }`: `depth` levels in all. */
function nested(depth: number): string {
  let selection = 'id';
  for (let i = 2; i < depth; i++) selection = `parent { ${selection} }`;
  return `{ item(id: "1") { ${selection} } }`;
}

function aliased(count: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: me { kind }`).join(' ')} }`;
}

async function expectRefused(
  res: Awaited<ReturnType<typeof postJson>>,
  limit: string,
  max: number,
  actual: number,
) {
  expect(res.status).toBe(400);
  expect(res.json.data).toBeUndefined();
  expect(res.json.errors[0].extensions).toEqual({ code: 'QUERY_LIMIT_EXCEEDED', limit, max, actual });
  expect(res.json.errors[0].message).toContain(String(max));
  expect(res.json.errors[0].message).toContain(String(actual));
}

describe('query limits', () => {
  it('When a query is 12 deep, then it runs; 13 deep, then the depth limit refuses it before any subgraph is called', async () => {
    const allowed = await postJson(graphqlUrl, { query: nested(12) });
    const seen = harness.seenCallers.length;
    const refused = await postJson(graphqlUrl, { query: nested(13) });

    expect(allowed.status).toBe(200);
    expect(allowed.json.errors).toBeUndefined();
    await expectRefused(refused, 'depth', 12, 13);
    expect(refused.json.errors[0].message).toBe('Query depth 13 exceeds the depth limit of 12');
    expect(harness.seenCallers.length).toBe(seen);
  });

  it('When a query costs exactly 10000, then it runs; when it costs 10099, then the cost limit refuses it', async () => {
    const allowed = await postJson(graphqlUrl, {
      query: '{ items(first: 99) { children(first: 100) { id } } }',
    });
    const refused = await postJson(graphqlUrl, {
      query: '{ items(first: 99) { id children(first: 100) { id } } }',
    });

    expect(allowed.status).toBe(200);
    expect(allowed.json.errors).toBeUndefined();
    await expectRefused(refused, 'cost', 10_000, 10_099);
  });

  it('When first is 200, then it runs; when first or last (even through a variable) is 201, then the page-size limit refuses it', async () => {
    const allowed = await postJson(graphqlUrl, { query: '{ items(first: 200) { id } }' });
    const literal = await postJson(graphqlUrl, { query: '{ items(last: 201) { id } }' });
    const variable = await postJson(graphqlUrl, {
      query: 'query Items($n: Int) { items(first: $n) { id } }',
      variables: { n: 201 },
    });

    expect(allowed.status).toBe(200);
    await expectRefused(literal, 'pageSize', 200, 201);
    await expectRefused(variable, 'pageSize', 200, 201);
  });

  it('When an operation has 30 aliases, then it runs; 31, then the alias limit refuses it', async () => {
    const allowed = await postJson(graphqlUrl, { query: aliased(30) });
    const refused = await postJson(graphqlUrl, { query: aliased(31) });

    expect(allowed.status).toBe(200);
    expect(Object.keys(allowed.json.data)).toHaveLength(30);
    await expectRefused(refused, 'aliases', 30, 31);
  });

  it('When several operations are batched in one array body, then the batch limit (one per request) refuses them', async () => {
    const res = await postJson(graphqlUrl, [{ query: '{ me { kind } }' }, { query: '{ me { kind } }' }]);

    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions).toMatchObject({
      code: 'QUERY_LIMIT_EXCEEDED',
      limit: 'batch',
      max: 1,
    });
    expect(res.json.errors[0].message).toContain('batch limit is 1');
  });

  it('When an API key carries its own depth and cost limits, then its queries are measured against them', async () => {
    const analyst: Caller = {
      subject: 'api-key-deep',
      kind: 'api-client',
      grants: [{ role: 'analyst' }],
      limits: { maxDepth: 15, maxCost: 20_000 },
    };
    harness.accounts.apiKeys.set('ccp_deep_analyst_key', analyst);
    const headers = { 'x-api-key': 'ccp_deep_analyst_key' };

    const deep = await postJson(graphqlUrl, { query: nested(15) }, headers);
    const tooDeep = await postJson(graphqlUrl, { query: nested(16) }, headers);
    const costly = await postJson(
      graphqlUrl,
      { query: '{ items(first: 99) { id children(first: 100) { id } } }' },
      headers,
    );

    expect(deep.status).toBe(200);
    await expectRefused(tooDeep, 'depth', 15, 16);
    expect(costly.status).toBe(200);
  });
});

describe('rate limits', () => {
  it("When an anonymous client spends its minute's allowance, then it gets 429 RATE_LIMITED with retry-after, and is served again after it", async () => {
    const url = `${await harness.startGateway({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '60' })}/graphql`;
    const token = await harness.accounts.accessToken('user-busy', []);
    for (let i = 0; i < 60; i++) {
      expect((await postJson(url, { query: '{ me { kind } }' })).status).toBe(200);
    }

    const limited = await postJson(url, { query: '{ me { kind } }' });
    const user = await postJson(url, { query: '{ me { kind } }' }, { authorization: `Bearer ${token}` });
    await sleep(Number(limited.headers.get('retry-after')) * 1000);
    const later = await postJson(url, { query: '{ me { kind } }' });

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.json.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    expect(user.status).toBe(200);
    expect(later.status).toBe(200);
  });

  it('When an API key sets its requests per minute, then its bucket has that size', async () => {
    harness.accounts.apiKeys.set('ccp_slow_integrator', {
      subject: 'api-key-slow',
      kind: 'api-client',
      grants: [{ role: 'integrator' }],
      limits: { requestsPerMinute: 2 },
    });
    const headers = { 'x-api-key': 'ccp_slow_integrator' };

    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await postJson(graphqlUrl, { query: '{ me { kind } }' }, headers)).status);

    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('security headers', () => {
  const expected = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  };

  it('When any route answers (GraphQL, auth, health, metrics, unknown), then the security headers are on it and HSTS is not (outside production)', async () => {
    const base = graphqlUrl.replace(/\/graphql$/, '');
    const responses = [
      await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ me { kind } }' }),
      }),
      await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain' } }),
      await fetch(`${base}/health`),
      await fetch(`${base}/metrics`),
      await fetch(`${base}/nowhere`),
    ];

    for (const res of responses) {
      for (const [name, value] of Object.entries(expected)) expect(res.headers.get(name)).toBe(value);
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('When the gateway runs in production, then HSTS is sent too', async () => {
    const base = await harness.startGateway({ NODE_ENV: 'production' });

    const res = await fetch(`${base}/health`);

    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('production mode', () => {
  let productionUrl: string;

  beforeAll(async () => {
    productionUrl = `${await harness.startGateway({ NODE_ENV: 'production' })}/graphql`;
  });

  it('When introspection is asked in production, then it is refused; outside production it is served', async () => {
    const query = '{ __schema { queryType { name } } }';

    const production = await postJson(productionUrl, { query });
    const development = await postJson(graphqlUrl, { query });

    expect(production.status).toBe(400);
    expect(production.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(production.json.errors[0].message).toMatch(/introspection/i);
    expect(development.json.data.__schema.queryType.name).toBe('Query');
  });

  it('When a subgraph fails with an internal error in production, then the client sees neither its message nor a stack', async () => {
    const production = await postJson(productionUrl, { query: '{ failure }' });
    const development = await postJson(graphqlUrl, { query: '{ failure }' });

    expect(production.json.errors[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(production.text).not.toContain(INTERNAL_DETAIL);
    expect(production.text).not.toMatch(/stacktrace|127\.0\.0\.1/);
    expect(development.text).toContain(INTERNAL_DETAIL);
  });

  it('When a field name is mistyped in production, then no schema suggestion is given', async () => {
    const production = await postJson(productionUrl, { query: '{ mee { kind } }' });
    const development = await postJson(graphqlUrl, { query: '{ mee { kind } }' });

    expect(production.json.errors[0].message).not.toContain('Did you mean');
    expect(development.json.errors[0].message).toContain('Did you mean');
  });
});

describe('CSRF prevention', () => {
  it('When a GET query carries neither a preflight header nor a JSON content type, then it is refused', async () => {
    const res = await fetch(`${graphqlUrl}?query=${encodeURIComponent('{ me { kind } }')}`);

    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/);
  });

  it('When a POST comes as text/plain (what a cross-site form can send), then it is refused', async () => {
    const res = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ me { kind } }' }),
    });

    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/);
  });

  it('When a GET query carries apollo-require-preflight, then it runs', async () => {
    const res = await fetch(`${graphqlUrl}?query=${encodeURIComponent('{ me { kind } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });

    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { me: { kind: string } } }).data.me.kind).toBe('anonymous');
  });
});
