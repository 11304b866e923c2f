import { type Caller, listen } from '@ccp/kit';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, LOCKED_EMAIL, USER, USER_GRANTS } from './accounts-double.js';
import { type Harness, startHarness } from './harness.js';
import { close, postJson, urlOf } from './helpers.js';

const ME = '{ me { subject kind roles } }';
let harness: Harness;
let baseUrl: string;

beforeAll(async () => {
  harness = await startHarness();
  baseUrl = await harness.startGateway();
});

afterAll(async () => {
  await harness?.stop();
});

/** The `ccp_refresh` Set-Cookie of a response, split into its value and attributes. */
function refreshCookie(headers: Headers) {
  const cookie = headers.getSetCookie().find((c) => c.startsWith('ccp_refresh='));
  if (!cookie) return undefined;
  const [pair = '', ...attributes] = cookie.split(';').map((p) => p.trim());
  return { value: decodeURIComponent(pair.slice('ccp_refresh='.length)), attributes, raw: cookie };
}

async function login(url = baseUrl, credentials: object = ACCOUNT, headers: Record<string, string> = {}) {
  return postJson(`${url}/auth/login`, credentials, headers);
}

function withCookie(value: string) {
  return { cookie: `theme=dark; ccp_refresh=${encodeURIComponent(value)}` };
}

async function asCaller(headers: Record<string, string>, query = ME) {
  const seen = harness.seenCallers.length;
  const res = await postJson(`${baseUrl}/graphql`, { query }, headers);
  return { ...res, callers: harness.seenCallers.slice(seen) };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('/auth/login', () => {
  it('When a user logs in with the right password, then the refresh token goes only into an HttpOnly SameSite=Strict cookie on /auth', async () => {
    const res = await login();

    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(['accessToken', 'accessTokenExpiresAt', 'user']);
    expect(res.json.user).toEqual(USER);
    const cookie = refreshCookie(res.headers);
    expect(cookie?.value).toMatch(/^[\w-]{20,}$/);
    expect(cookie?.attributes).toEqual(
      expect.arrayContaining([
        'Path=/auth',
        'HttpOnly',
        'SameSite=Strict',
        expect.stringMatching(/^Max-Age=259\d{4}$/),
      ]),
    );
    expect(cookie?.attributes).not.toContain('Secure');
    expect(res.text).not.toContain(cookie?.value);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('When the access token from login is used, then the subgraph receives the user and their grants', async () => {
    const { json } = await login();

    const res = await asCaller(bearer(json.accessToken));

    expect(res.json.data.me).toEqual({
      subject: USER.id,
      kind: 'user',
      roles: ['member', 'cluster-manager', 'economy-coordinator'],
    });
    expect(res.callers).toEqual([{ subject: USER.id, kind: 'user', grants: USER_GRANTS }]);
  });

  it('When cookies are configured secure, then the refresh cookie is Secure', async () => {
    const url = await harness.startGateway({ COOKIE_SECURE: 'true' });

    const res = await login(url);

    expect(refreshCookie(res.headers)?.attributes).toContain('Secure');
  });

  it("When the password is wrong, then accounts' 401 INVALID_CREDENTIALS comes back and no cookie is set", async () => {
    const res = await login(baseUrl, { email: ACCOUNT.email, password: 'wrong' });

    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('INVALID_CREDENTIALS');
    expect(refreshCookie(res.headers)).toBeUndefined();
  });

  it('When accounts has locked the login, then its 429 LOGIN_LOCKED comes back with retry-after', async () => {
    const res = await login(baseUrl, { email: LOCKED_EMAIL, password: 'anything' });

    expect(res.status).toBe(429);
    expect(res.json.error).toMatchObject({ code: 'LOGIN_LOCKED', retryAfterSeconds: 120 });
    expect(res.headers.get('retry-after')).toBe('120');
  });

  it('When the body is not sent as application/json (a cross-site form could), then 415 and accounts is not asked', async () => {
    const before = harness.accounts.calls.login;
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await fetch(`${baseUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: JSON.stringify(ACCOUNT),
      });

      expect(res.status).toBe(415);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(harness.accounts.calls.login).toBe(before);
  });

  it('When email or password is missing or not a string, then 400 and accounts is not asked', async () => {
    const before = harness.accounts.calls.login;

    const missing = await login(baseUrl, { email: ACCOUNT.email });
    const injected = await login(baseUrl, { email: { $ne: null }, password: { $ne: null } });

    expect(missing.status).toBe(400);
    expect(injected.status).toBe(400);
    expect(harness.accounts.calls.login).toBe(before);
  });

  it('When a method other than POST is used, then 405', async () => {
    const res = await fetch(`${baseUrl}/auth/login`);

    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('When the web client (an allowed origin) logs in, then the answer allows its origin with credentials', async () => {
    const res = await login(baseUrl, ACCOUNT, { origin: 'http://localhost:5173' });

    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('When accounts does not answer, then login answers 503 ACCOUNTS_UNAVAILABLE', async () => {
    harness.accounts.failing = true;
    try {
      const res = await login();

      expect(res.status).toBe(503);
      expect(res.json.error.code).toBe('ACCOUNTS_UNAVAILABLE');
    } finally {
      harness.accounts.failing = false;
    }
  });
});

describe('/auth/refresh and /auth/logout', () => {
  it('When the refresh cookie is sent, then a new access token comes back and the cookie holds the rotated token', async () => {
    const first = refreshCookie((await login()).headers)!;

    const res = await postJson(`${baseUrl}/auth/refresh`, {}, withCookie(first.value));

    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(['accessToken', 'accessTokenExpiresAt', 'user']);
    const rotated = refreshCookie(res.headers)!;
    expect(rotated.value).not.toBe(first.value);
    expect(rotated.attributes).toEqual(expect.arrayContaining(['Path=/auth', 'HttpOnly', 'SameSite=Strict']));
    expect((await asCaller(bearer(res.json.accessToken))).json.data.me.subject).toBe(USER.id);
  });

  it('When no refresh cookie is sent, then 401 REFRESH_TOKEN_MISSING', async () => {
    const res = await postJson(`${baseUrl}/auth/refresh`, {});

    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('REFRESH_TOKEN_MISSING');
  });

  it("When an already rotated refresh token is replayed, then accounts' REFRESH_TOKEN_REUSED comes back, the cookie is cleared and the family is dead", async () => {
    const first = refreshCookie((await login()).headers)!;
    const rotated = refreshCookie(
      (await postJson(`${baseUrl}/auth/refresh`, {}, withCookie(first.value))).headers,
    )!;

    const replay = await postJson(`${baseUrl}/auth/refresh`, {}, withCookie(first.value));
    const afterReuse = await postJson(`${baseUrl}/auth/refresh`, {}, withCookie(rotated.value));

    expect(replay.status).toBe(401);
    expect(replay.json.error.code).toBe('REFRESH_TOKEN_REUSED');
    expect(refreshCookie(replay.headers)?.attributes).toContain('Max-Age=0');
    expect(afterReuse.status).toBe(401);
    expect(afterReuse.json.error.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('When the refresh endpoint is posted without application/json, then 415 and the cookie is not used', async () => {
    const cookie = refreshCookie((await login()).headers)!;
    const before = harness.accounts.calls.refresh;

    const res = await fetch(`${baseUrl}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...withCookie(cookie.value) },
      body: '{}',
    });

    expect(res.status).toBe(415);
    expect(harness.accounts.calls.refresh).toBe(before);
  });

  it('When a user logs out, then accounts revokes the refresh token and the cookie is cleared', async () => {
    const cookie = refreshCookie((await login()).headers)!;

    const res = await fetch(`${baseUrl}/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...withCookie(cookie.value) },
    });
    const refresh = await postJson(`${baseUrl}/auth/refresh`, {}, withCookie(cookie.value));

    expect(res.status).toBe(204);
    expect(refreshCookie(res.headers)).toMatchObject({ value: '' });
    expect(refreshCookie(res.headers)?.attributes).toEqual(
      expect.arrayContaining(['Max-Age=0', 'Path=/auth', 'HttpOnly']),
    );
    expect(harness.accounts.revokedRefreshTokens.has(cookie.value)).toBe(true);
    expect(refresh.status).toBe(401);
  });

  it('When logging out without a cookie, then 204 and accounts is not asked', async () => {
    const before = harness.accounts.calls.logout;

    const res = await postJson(`${baseUrl}/auth/logout`, {});

    expect(res.status).toBe(204);
    expect(harness.accounts.calls.logout).toBe(before);
  });

  it('When accounts fails during logout, then 503 but the cookie is cleared all the same', async () => {
    const cookie = refreshCookie((await login()).headers)!;
    harness.accounts.failing = true;
    try {
      const res = await postJson(`${baseUrl}/auth/logout`, {}, withCookie(cookie.value));

      expect(res.status).toBe(503);
      expect(refreshCookie(res.headers)?.attributes).toContain('Max-Age=0');
    } finally {
      harness.accounts.failing = false;
    }
  });

  it('When one address keeps posting to /auth, then it is rate limited like any anonymous client', async () => {
    const url = await harness.startGateway({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2' });
    const wrong = { email: ACCOUNT.email, password: 'guess' };

    const statuses = [(await login(url, wrong)).status, (await login(url, wrong)).status];
    const limited = await login(url, wrong);

    expect(statuses).toEqual([401, 401]);
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it("When the gateway calls accounts' internal routes, then it sends its anonymous caller token", async () => {
    const before = harness.accounts.callers.length;

    await login();

    expect(harness.accounts.callers.slice(before)).toEqual([
      { subject: 'anonymous', kind: 'anonymous', grants: [] },
    ]);
  });
});

describe('access tokens', () => {
  const grants = [{ role: 'member' as const }];

  it('When a valid access token is sent, then the subgraph gets a caller token with its subject and grants', async () => {
    const token = await harness.accounts.accessToken('user-bo', [{ role: 'secretariat' }]);

    const res = await asCaller(bearer(token));

    expect(res.status).toBe(200);
    expect(res.callers).toEqual([{ subject: 'user-bo', kind: 'user', grants: [{ role: 'secretariat' }] }]);
  });

  it.each([
    [
      'alg none',
      async () => {
        const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({
          sub: 'user-evil',
          kind: 'user',
          grants: [{ role: 'secretariat' }],
          iss: 'ccp-accounts',
          aud: 'ccp-platform',
          iat: now,
          exp: now + 900,
        })}.`;
      },
    ],
    [
      'tampered grants',
      async () => {
        const [header, payload, signature] = (await harness.accounts.accessToken('user-ana', grants)).split(
          '.',
        );
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
        const forged = Buffer.from(JSON.stringify({ ...claims, grants: [{ role: 'secretariat' }] })).toString(
          'base64url',
        );
        return `${header}.${forged}.${signature}`;
      },
    ],
    [
      'expired',
      () =>
        harness.accounts.accessToken('user-ana', grants, { expiresIn: Math.floor(Date.now() / 1000) - 60 }),
    ],
    ['signed by a foreign key under the same kid', () => harness.accounts.foreignToken('user-ana', grants)],
    [
      'signed by a foreign key with an unknown kid',
      () => harness.accounts.foreignToken('user-ana', grants, 'other-kid'),
    ],
    [
      'from another issuer',
      () => harness.accounts.accessToken('user-ana', grants, { issuer: 'someone-else' }),
    ],
    [
      'for another audience',
      () => harness.accounts.accessToken('user-ana', grants, { audience: 'ccp-subgraphs' }),
    ],
    [
      'HS256 with a shared secret',
      () =>
        new SignJWT({ kind: 'user', grants })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('user-ana')
          .setIssuer('ccp-accounts')
          .setAudience('ccp-platform')
          .setExpirationTime('15m')
          .sign(new TextEncoder().encode('a-guessable-shared-secret-of-32-bytes!')),
    ],
    ['not a JWT at all', async () => 'not-a-token'],
  ])(
    'When the access token is %s, then 401 UNAUTHENTICATED and no subgraph is called',
    async (_what, token) => {
      const res = await asCaller(bearer(await token()));

      expect(res.status).toBe(401);
      expect(res.json).toEqual({
        errors: [
          {
            message: expect.stringContaining('invalid access token'),
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
      expect(res.callers).toEqual([]);
    },
  );

  it('When the Authorization scheme is neither Bearer nor ApiKey, then 401 rather than anonymous', async () => {
    const res = await asCaller({ authorization: 'Basic YW5hOnB3' });

    expect(res.status).toBe(401);
    expect(res.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(res.callers).toEqual([]);
  });

  it('When no credential is sent, then the subgraph gets the anonymous caller', async () => {
    const res = await asCaller({});

    expect(res.callers).toEqual([{ subject: 'anonymous', kind: 'anonymous', grants: [] }]);
  });

  it("When accounts' JWKS cannot be fetched, then a token is answered 503, never run as anonymous", async () => {
    const gone = await listen((_req, res) => res.end(), 0, '127.0.0.1');
    const goneUrl = urlOf(gone, '/graphql');
    await close(gone);
    const url = await harness.startGateway({ ACCOUNTS_URL: goneUrl });
    const token = await harness.accounts.accessToken('user-ana', grants);

    const res = await postJson(`${url}/graphql`, { query: ME }, bearer(token));

    expect(res.status).toBe(503);
    expect(res.json.errors[0].extensions.code).toBe('AUTHENTICATION_UNAVAILABLE');
  });
});

describe('API keys', () => {
  const analyst: Caller = {
    subject: 'api-key-analyst',
    kind: 'api-client',
    grants: [{ role: 'analyst' }],
    limits: { maxDepth: 20, maxCost: 50_000, requestsPerMinute: 600 },
  };

  it('When an API key is sent twice, then accounts verifies it once and the subgraph gets the API client with its limits', async () => {
    harness.accounts.apiKeys.set('ccp_analyst_key_0001', analyst);
    const before = harness.accounts.calls.verify;

    const first = await asCaller({ 'x-api-key': 'ccp_analyst_key_0001' });
    const second = await asCaller({ authorization: 'ApiKey ccp_analyst_key_0001' });

    expect(first.json.data.me).toEqual({ subject: analyst.subject, kind: 'api-client', roles: ['analyst'] });
    expect([...first.callers, ...second.callers]).toEqual([analyst, analyst]);
    expect(harness.accounts.calls.verify - before).toBe(1);
  });

  it('When an unknown API key is sent, then 401 (never anonymous), and the refusal is cached briefly', async () => {
    const before = harness.accounts.calls.verify;

    const first = await asCaller({ 'x-api-key': 'ccp_unknown_key_0001' });
    const second = await asCaller({ 'x-api-key': 'ccp_unknown_key_0001' });

    for (const res of [first, second]) {
      expect(res.status).toBe(401);
      expect(res.json.errors[0]).toEqual({
        message: 'invalid API key',
        extensions: { code: 'UNAUTHENTICATED' },
      });
      expect(res.callers).toEqual([]);
    }
    expect(harness.accounts.calls.verify - before).toBe(1);
  });

  it('When both an Authorization header and an x-api-key are sent, then 401 rather than picking one', async () => {
    const token = await harness.accounts.accessToken('user-ana', []);

    const res = await asCaller({ ...bearer(token), 'x-api-key': 'ccp_analyst_key_0001' });

    expect(res.status).toBe(401);
  });

  it('When accounts fails while checking a new key, then 503 and the key is not cached as invalid', async () => {
    harness.accounts.apiKeys.set('ccp_analyst_key_0002', analyst);
    harness.accounts.failing = true;
    const during = await asCaller({ 'x-api-key': 'ccp_analyst_key_0002' });
    harness.accounts.failing = false;

    const after = await asCaller({ 'x-api-key': 'ccp_analyst_key_0002' });

    expect(during.status).toBe(503);
    expect(during.callers).toEqual([]);
    expect(after.status).toBe(200);
    expect(after.callers).toEqual([analyst]);
  });

  it('When credentials keep failing from one address, then it is rate limited before accounts is asked again', async () => {
    const url = await harness.startGateway({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3' });
    const before = harness.accounts.calls.verify;

    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await postJson(`${url}/graphql`, { query: ME }, { 'x-api-key': `ccp_guess_${i}_0000` })).status,
      );
    }

    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(harness.accounts.calls.verify - before).toBe(3);
  });
});
