import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCallerKeys } from '@ccp/kit';
import { waitFor } from '@ccp/kit/testing';
import { exportPKCS8, generateKeyPair, importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { ensureSecretariat, signIn } from '../scripts/accounts.mjs';
// @ts-expect-error plain ESM script without types
import { root, startStack } from '../scripts/stack.mjs';

// The security suite: every case is an attempt the platform must refuse, made through the real gateway
// and subgraphs (built processes, real FerretDB and Kafka). Allowed counterparts prove the refusals are
// about privilege, not about a broken path.

const run = randomUUID().slice(0, 8);
const PASSWORD = 'correct horse battery staple 42';
const accessKeyFile = join(root, '.data', 'keys', `e2e-access-${run}.pem`);

type Stack = { urls: Record<string, string>; stop(): Promise<void> };
let stack: Stack;
let gatewayOrigin: string;
let accessKey: CryptoKey;
let kid: string;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
let clusterA: string;
let clusterB: string;
let memberApiKey: string;
let memberApiKeyId: string;

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, json, headers: res.headers };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function gql(query: string, variables: Record<string, unknown> = {}, as?: string) {
  return post(stack.urls.gateway!, { query, variables }, as ? bearer(tokens[as]!) : {});
}

const codeOf = (r: { json: any }) => r.json.errors?.[0]?.extensions?.code;

async function registerUser(name: string) {
  const email = `${name}-${run}@e2e.apec-ccp.org`;
  const r = await gql('mutation($i: RegisterUserInput!) { registerUser(input: $i) { id } }', {
    i: { email, name, password: PASSWORD },
  });
  expect(r.json.errors).toBeUndefined();
  ids[name] = r.json.data.registerUser.id;
  return email;
}

async function login(name: string, email: string) {
  tokens[name] = (await signIn(stack.urls.gateway!, { email, password: PASSWORD })).accessToken;
}

async function registerCluster(as: string, economyCode: string) {
  const r = await gql(
    'mutation($i: RegisterClusterInput!) { registerCluster(input: $i) { id } }',
    { i: { name: { en: `Security ${as} ${run}` }, economyCode, specializations: ['ict'] } },
    as,
  );
  expect(r.json.errors).toBeUndefined();
  return r.json.data.registerCluster.id as string;
}

/** Accounts makes the registering user the cluster's manager from registry's event; then a new token has it. */
async function waitForManagerGrant(name: string, email: string, clusterId: string) {
  await waitFor(
    async () => {
      const r = await gql('{ me { grants { role clusterId } } }', {}, name);
      return r.json.data?.me?.grants?.some((g: { clusterId: string }) => g.clusterId === clusterId) ? true : undefined;
    },
    { what: `${name} to manage ${clusterId}`, timeoutMs: 60_000 },
  );
  await login(name, email);
}

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  mkdirSync(join(root, '.data', 'keys'), { recursive: true });
  writeFileSync(accessKeyFile, await exportPKCS8(privateKey), { mode: 0o600 });
  accessKey = await importPKCS8(readFileSync(accessKeyFile, 'utf8'), 'ES256');
  stack = await startStack({
    portOffset: 300,
    databasePrefix: `sec_${run}`,
    groupPrefix: `sec-${run}`,
    logDir: join(root, '.data', 'logs', `security-${run}`),
    env: { LOG_LEVEL: 'warn', ACCESS_TOKEN_PRIVATE_KEY_FILE: accessKeyFile, RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10000' },
  });
  gatewayOrigin = new URL(stack.urls.gateway!).origin;
  const jwks = await (await fetch(`${new URL(stack.urls.accounts!).origin}/.well-known/jwks.json`)).json();
  kid = jwks.keys[0].kid;

  const secretariat = ensureSecretariat({ databasePrefix: `sec_${run}` });
  tokens.secretariat = (await signIn(stack.urls.gateway!, secretariat)).accessToken;
  const emails: Record<string, string> = {};
  for (const name of ['managerA', 'managerB', 'coordinatorRU', 'member']) {
    emails[name] = await registerUser(name);
    await login(name, emails[name]!);
  }
  const appointed = await gql(
    'mutation($u: ID!) { appointCoordinator(userId: $u, economy: "RU") { userId } }',
    { u: ids.coordinatorRU },
    'secretariat',
  );
  expect(appointed.json.errors).toBeUndefined();
  await login('coordinatorRU', emails.coordinatorRU!);

  clusterA = await registerCluster('managerA', 'RU');
  clusterB = await registerCluster('managerB', 'VN');
  await waitForManagerGrant('managerA', emails.managerA!, clusterA);
  await waitForManagerGrant('managerB', emails.managerB!, clusterB);
  const publishA = await gql('mutation($id: ID!) { publishCluster(id: $id) { status } }', { id: clusterA }, 'coordinatorRU');
  expect(publishA.json.data?.publishCluster.status).toBe('PUBLISHED');
  const publishB = await gql('mutation($id: ID!) { publishCluster(id: $id) { status } }', { id: clusterB }, 'secretariat');
  expect(publishB.json.data?.publishCluster.status).toBe('PUBLISHED');

  const key = await gql(
    'mutation { createApiKey(input: { name: "notebook", role: ANALYST }) { key apiKey { id } } }',
    {},
    'member',
  );
  memberApiKey = key.json.data.createApiKey.key;
  memberApiKeyId = key.json.data.createApiKey.apiKey.id;
});

afterAll(async () => {
  await stack?.stop();
});

describe('tokens presented to the gateway', () => {
  const ME = '{ me { id } }';
  const claims = () => ({ kind: 'user', grants: [{ role: 'secretariat' }], sid: randomUUID() });

  it('When the token is accounts-signed and valid, then the gateway accepts it (control)', async () => {
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject(ids.member!)
      .setIssuer('ccp-accounts')
      .setAudience('ccp-platform')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(accessKey);
    const r = await post(stack.urls.gateway!, { query: ME }, bearer(token));
    expect(r.status).toBe(200);
    expect(r.json.data.me.id).toBe(ids.member);
  });

  it('When a valid token is tampered with (grants rewritten), then it is refused with 401', async () => {
    const [h, p, s] = tokens.member!.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.grants = [{ role: 'secretariat' }];
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    const r = await post(stack.urls.gateway!, { query: ME }, bearer(tampered));
    expect(r.status).toBe(401);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
  });

  it('When the token has expired, then it is refused with 401', async () => {
    const expired = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject(ids.member!)
      .setIssuer('ccp-accounts')
      .setAudience('ccp-platform')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 1800)
      .sign(accessKey);
    expect((await post(stack.urls.gateway!, { query: ME }, bearer(expired))).status).toBe(401);
  });

  it('When the token says alg none, then it is refused with 401', async () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${enc({ alg: 'none', typ: 'JWT', kid })}.${enc({ ...claims(), sub: ids.member, iss: 'ccp-accounts', aud: 'ccp-platform', exp: Math.floor(Date.now() / 1000) + 300 })}.`;
    expect((await post(stack.urls.gateway!, { query: ME }, bearer(none))).status).toBe(401);
  });

  it("When the token is signed by another key under accounts' kid, then it is refused with 401", async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject(ids.member!)
      .setIssuer('ccp-accounts')
      .setAudience('ccp-platform')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await post(stack.urls.gateway!, { query: ME }, bearer(forged))).status).toBe(401);
  });

  it('When an API key is made up, then it is refused with 401, and a real one works', async () => {
    const fake = await post(stack.urls.gateway!, { query: '{ economies { code } }' }, { authorization: 'ApiKey ccp_x_not-a-key' });
    expect(fake.status).toBe(401);
    const real = await post(stack.urls.gateway!, { query: '{ economies { code } }' }, { authorization: `ApiKey ${memberApiKey}` });
    expect(real.status).toBe(200);
  });
});

describe('subgraphs called without the gateway', () => {
  const names = ['registry', 'economies', 'matchmaking', 'surveys', 'accounts'];

  it.each(names)('When %s is called without a caller token, then it refuses with 401', async (name) => {
    const r = await post(stack.urls[name]!, { query: '{ __typename }' });
    expect(r.status).toBe(401);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
  });

  it.each(names)('When %s gets a caller token signed by another key, then it refuses with 401', async (name) => {
    const foreign = await generateCallerKeys();
    const { createCallerSigner } = await import('@ccp/kit');
    const token = await (await createCallerSigner(foreign.privateKeyPem)).sign({
      subject: 'attacker',
      kind: 'user',
      grants: [{ role: 'secretariat' }],
    });
    expect((await post(stack.urls[name]!, { query: '{ __typename }' }, { 'x-ccp-caller': token })).status).toBe(401);
  });
});

describe('privilege escalation through every mutation', () => {
  const cases: Array<[string, string, string, () => Record<string, unknown>, string]> = [
    ['an anonymous visitor registers a cluster', '', 'mutation { registerCluster(input: { name: { en: "Ghost" }, economyCode: "RU" }) { id } }', () => ({}), 'UNAUTHENTICATED'],
    ["manager B edits A's cluster", 'managerB', 'mutation($id: ID!) { updateCluster(id: $id, expectedVersion: 2, input: { region: "Taken over" }) { id } }', () => ({ id: clusterA }), 'FORBIDDEN'],
    ['manager A publishes its own cluster (only coordinators publish)', 'managerA', 'mutation($id: ID!) { publishCluster(id: $id) { id } }', () => ({ id: clusterA }), 'FORBIDDEN'],
    ['manager A returns its own cluster', 'managerA', 'mutation($id: ID!) { returnCluster(id: $id, comments: "self-review") { id } }', () => ({ id: clusterA }), 'FORBIDDEN'],
    ["the RU coordinator publishes a VN cluster", 'coordinatorRU', 'mutation($id: ID!) { publishCluster(id: $id) { id } }', () => ({ id: clusterB }), 'FORBIDDEN'],
    ["the RU coordinator returns a VN cluster", 'coordinatorRU', 'mutation($id: ID!) { returnCluster(id: $id, comments: "not mine") { id } }', () => ({ id: clusterB }), 'FORBIDDEN'],
    ['a member makes itself manager of a cluster', 'member', 'mutation($u: ID!, $c: ID!) { grantClusterManager(userId: $u, clusterId: $c) { userId } }', () => ({ u: ids.member, c: clusterA }), 'FORBIDDEN'],
    ['a member makes itself coordinator', 'member', 'mutation($u: ID!) { appointCoordinator(userId: $u, economy: "RU") { userId } }', () => ({ u: ids.member }), 'FORBIDDEN'],
    ['a coordinator appoints another coordinator', 'coordinatorRU', 'mutation($u: ID!) { appointCoordinator(userId: $u, economy: "VN") { userId } }', () => ({ u: ids.member }), 'FORBIDDEN'],
    ["the RU coordinator grants a manager of a VN cluster", 'coordinatorRU', 'mutation($u: ID!, $c: ID!) { grantClusterManager(userId: $u, clusterId: $c) { userId } }', () => ({ u: ids.member, c: clusterB }), 'FORBIDDEN'],
    ["manager B invites a co-manager to A's cluster", 'managerB', 'mutation($c: ID!) { inviteCoManager(clusterId: $c, email: "mallory@e2e.apec-ccp.org") }', () => ({ c: clusterA }), 'FORBIDDEN'],
    ["manager B revokes manager A", 'managerB', 'mutation($u: ID!, $c: ID!) { revokeGrant(userId: $u, role: CLUSTER_MANAGER, clusterId: $c) { userId } }', () => ({ u: ids.managerA, c: clusterA }), 'FORBIDDEN'],
    ["manager B publishes an offer for A's cluster", 'managerB', 'mutation($c: ID!) { publishCooperationOffer(input: { clusterId: $c, kind: OFFER, title: { en: "x" }, description: { en: "y" } }) { id } }', () => ({ c: clusterA }), 'FORBIDDEN'],
    ["manager B sends a match request from A's cluster", 'managerB', 'mutation($a: ID!, $b: ID!) { requestMatch(input: { fromClusterId: $a, toClusterId: $b }) { id } }', () => ({ a: clusterA, b: clusterB }), 'FORBIDDEN'],
    ['a member schedules a workshop', 'member', 'mutation { scheduleWorkshop(input: { title: { en: "w" }, hostEconomy: "RU", startsAt: "2027-05-01T09:00:00+03:00", endsAt: "2027-05-01T17:00:00+03:00", timeZone: "Europe/Moscow", venue: "Kazan", capacity: 50 }) { id } }', () => ({}), 'FORBIDDEN'],
    ["manager B answers A's questionnaire", 'managerB', 'mutation($c: ID!) { saveResponseDraft(input: { questionnaireId: "internationalization-v1", clusterId: $c, answers: [] }) { status } }', () => ({ c: clusterA }), 'FORBIDDEN'],
    ["manager B reads A's questionnaire response", 'managerB', 'query($c: ID!) { questionnaireResponse(questionnaireId: "internationalization-v1", clusterId: $c) { status } }', () => ({ c: clusterA }), 'FORBIDDEN'],
    ['a member reads the audit log', 'member', '{ auditLog { nodes { id } } }', () => ({}), 'FORBIDDEN'],
    ['a member raises its own API key limits', 'member', 'mutation($id: ID!) { setApiKeyLimits(id: $id, limits: { maxDepth: 50, maxCost: 1000000, requestsPerMinute: 100000 }) { id } }', () => ({ id: memberApiKeyId }), 'FORBIDDEN'],
    ["manager B revokes the member's API key", 'managerB', 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', () => ({ id: memberApiKeyId }), 'FORBIDDEN'],
    ["a member reads another user's account", 'member', 'query($u: ID!) { user(id: $u) { email } }', () => ({ u: ids.managerA }), 'FORBIDDEN'],
  ];

  it.each(cases)('When %s, then it is refused', async (_label, as, query, variables, code) => {
    const r = await gql(query, variables(), as || undefined);
    expect(codeOf(r)).toBe(code);
    expect(r.json.data?.[Object.keys(r.json.data ?? {})[0] ?? ''] ?? null).toBeNull();
  });

  it('When an analyst API key tries to register a cluster, then it is refused', async () => {
    const r = await post(
      stack.urls.gateway!,
      { query: 'mutation { registerCluster(input: { name: { en: "Bot" }, economyCode: "RU" }) { id } }' },
      { authorization: `ApiKey ${memberApiKey}` },
    );
    expect(codeOf(r)).toBe('FORBIDDEN');
  });

  it("When the refused edits are tried, then A's cluster is unchanged and its own manager may still edit it (control)", async () => {
    const r = await gql(
      'mutation($id: ID!) { updateCluster(id: $id, expectedVersion: 2, input: { region: "Kazan" }) { region version } }',
      { id: clusterA },
      'managerA',
    );
    expect(r.json.errors).toBeUndefined();
    expect(r.json.data.updateCluster).toEqual({ region: 'Kazan', version: 3 });
  });
});

describe('query limits', () => {
  const limitOf = (r: { json: any }) => r.json.errors?.[0]?.extensions;

  it('When a query is deeper than the limit, then it is refused naming depth and the figures', async () => {
    const deep = `{ economy(code: "RU") { clusters { economy { clusters { economy { clusters { economy { clusters { economy { clusters { economy { clusters { id } } } } } } } } } } } } }`;
    const r = await gql(deep);
    expect(r.status).toBe(400);
    expect(limitOf(r)).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'depth', max: 12 });
    expect(limitOf(r).actual).toBeGreaterThan(12);
  });

  it('When a query costs more than the limit, then it is refused naming cost', async () => {
    const r = await gql('{ clusters(first: 200) { nodes { economy { clusters(first: 200) { id name } } } } }');
    expect(limitOf(r)).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'cost' });
  });

  it('When a page is larger than 200, then it is refused naming pageSize', async () => {
    expect(limitOf(await gql('{ clusters(first: 1000) { totalCount } }'))).toMatchObject({ limit: 'pageSize', max: 200, actual: 1000 });
  });

  it('When a query has too many aliases, then it is refused naming aliases', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: economies { code }`).join(' ');
    expect(limitOf(await gql(`{ ${aliases} }`))).toMatchObject({ limit: 'aliases', max: 30, actual: 31 });
  });

  it('When operations are batched, then the batch is refused', async () => {
    const r = await post(stack.urls.gateway!, [{ query: '{ economies { code } }' }, { query: '{ economies { code } }' }]);
    expect(r.status).toBe(400);
    expect(limitOf(r)).toMatchObject({ limit: 'batch' });
  });
});

describe('operator injection', () => {
  it('When an operator object is passed as an ID, then GraphQL refuses it before any database', async () => {
    const r = await gql('query($id: ID!) { cluster(id: $id) { id } }', { id: { $ne: null } });
    expect(r.json.data ?? null).toBeNull();
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
  });

  it('When an operator string is passed as an economy filter, then it is refused naming the field; as text it is plain text', async () => {
    const r = await gql('query($e: [ID!]) { clusters(filter: { economies: $e }) { totalCount } }', { e: ['{"$gt":""}'] });
    expect(r.json.data ?? null).toBeNull();
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.json.errors[0].extensions.field).toBe('filter.economies.0');
    const text = await gql('query($t: String) { clusters(filter: { text: $t }) { totalCount } }', { t: '{"$gt":""}' });
    expect(text.json.data.clusters.totalCount).toBe(0);
  });

  it('When a login sends an operator object as the email, then it is refused as a bad request', async () => {
    const r = await post(`${gatewayOrigin}/auth/login`, { email: { $ne: '' }, password: { $ne: '' } });
    expect(r.status).toBe(400);
  });
});

describe('sessions', () => {
  it('When someone guesses passwords, then after five failures even the right password is locked out', async () => {
    const email = await registerUser('victim');
    for (let i = 0; i < 5; i++) {
      const r = await post(`${gatewayOrigin}/auth/login`, { email, password: `guess-${i}-wrong-password` });
      expect(r.status).toBe(401);
    }
    const locked = await post(`${gatewayOrigin}/auth/login`, { email, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.json.error.code).toBe('LOGIN_LOCKED');
    expect(locked.json.error.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('When a rotated refresh token is used again, then it is refused and the whole session is revoked', async () => {
    const email = await registerUser('traveller');
    const first = await signIn(stack.urls.gateway!, { email, password: PASSWORD });
    const cookie1 = String(first.cookie).split(';')[0]!;
    const refreshed = await fetch(`${gatewayOrigin}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookie1 },
      body: '{}',
    });
    expect(refreshed.status).toBe(200);
    const cookie2 = String(refreshed.headers.get('set-cookie')).split(';')[0]!;
    expect(cookie2).not.toBe(cookie1);

    const replay = await post(`${gatewayOrigin}/auth/refresh`, {}, { cookie: cookie1 });
    expect(replay.status).toBe(401);
    expect(replay.json.error.code).toBe('REFRESH_TOKEN_REUSED');
    const afterReuse = await post(`${gatewayOrigin}/auth/refresh`, {}, { cookie: cookie2 });
    expect(afterReuse.status).toBe(401);
  });

  it('When the refresh token comes back in a response body, then that is a leak (it must only be in the cookie)', async () => {
    const r = await post(`${gatewayOrigin}/auth/login`, { email: `member-${run}@e2e.apec-ccp.org`, password: PASSWORD });
    expect(r.status).toBe(200);
    expect(r.json.refreshToken).toBeUndefined();
    expect(r.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(r.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
  });
});

describe('cross-site requests', () => {
  it('When a mutation arrives as a simple GET (no preflight), then it is refused', async () => {
    const url = `${stack.urls.gateway}?query=${encodeURIComponent('mutation { resendVerificationEmail }')}`;
    const res = await fetch(url, { headers: bearer(tokens.member!) });
    expect(res.status).toBe(400);
  });

  it('When a query is posted as text/plain (a form could), then it is refused', async () => {
    const res = await fetch(stack.urls.gateway!, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...bearer(tokens.member!) },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(res.status).toBe(400);
  });
});
