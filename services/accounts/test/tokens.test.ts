import {
  createLocalJWKSet,
  decodeProtectedHeader,
  exportPKCS8,
  generateKeyPair,
  type JSONWebKeySet,
  jwtVerify,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, loadTokenSigner } from '../src/domain/access-tokens.js';
import { grantRole } from '../src/domain/grant-role.js';
import { signingKeyModel } from '../src/model/signing-key.js';
import { type Accounts, PASSWORD, startAccounts } from './helpers.js';

let accounts: Accounts;
let http: Awaited<ReturnType<Accounts['serve']>>;

const login = (email: string, password = PASSWORD) => http.post('/internal/auth/login', { email, password });
const refresh = (refreshToken: unknown) => http.post('/internal/auth/refresh', { refreshToken });

async function jwks() {
  const res = await fetch(`${http.base}/.well-known/jwks.json`);
  expect(res.status).toBe(200);
  return createLocalJWKSet((await res.json()) as JSONWebKeySet);
}

const verify = async (token: string) =>
  (
    await jwtVerify(token, await jwks(), {
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      algorithms: ['ES256'],
    })
  ).payload;

beforeAll(async () => {
  accounts = await startAccounts('accounts_tokens');
  http = await accounts.serve();
});

afterAll(async () => {
  await accounts?.stop();
});

describe('POST /internal/auth/login', () => {
  it('When the e-mail (in any case) and password are right, then it answers both tokens and the user, and the access token verifies against the JWKS', async () => {
    const user = await accounts.register();

    const res = await login(`  ${user.email.toUpperCase()} `);

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/),
      user: { id: user.id, email: user.email, name: user.name },
    });
    const accessExpires = Date.parse(res.body.accessTokenExpiresAt) - Date.now();
    const refreshExpires = Date.parse(res.body.refreshTokenExpiresAt) - Date.now();
    expect(accessExpires).toBeGreaterThan(14 * 60_000);
    expect(accessExpires).toBeLessThanOrEqual(15 * 60_000);
    expect(refreshExpires).toBeGreaterThan(29 * 24 * 3600_000);
    const claims = await verify(res.body.accessToken);
    expect(claims).toMatchObject({
      sub: user.id,
      kind: 'user',
      grants: [],
      iss: 'ccp-accounts',
      aud: 'ccp-platform',
    });
    expect(claims.sid).toEqual(res.body.refreshToken.split('.')[0]);
    expect(decodeProtectedHeader(res.body.accessToken)).toMatchObject({
      alg: 'ES256',
      kid: expect.any(String),
    });
    const stored = await accounts.deps.families.findById(claims.sid).lean();
    expect(JSON.stringify(stored)).not.toContain(res.body.refreshToken.split('.')[1]);
  });

  it('When the user has grants, then the access token carries them as the kit Caller does', async () => {
    const user = await accounts.register();
    await grantRole(accounts.deps, user.id, { role: 'economy-coordinator', economy: 'CL' });

    const res = await login(user.email);

    expect((await verify(res.body.accessToken)).grants).toEqual([
      { role: 'economy-coordinator', economy: 'CL' },
    ]);
  });

  it('When the password is wrong or the e-mail unknown, then both get the same 401 INVALID_CREDENTIALS after similar work', async () => {
    const user = await accounts.register();

    const t0 = performance.now();
    const wrong = await login(user.email, 'not the password at all');
    const t1 = performance.now();
    const unknown = await login(`nobody-${Date.now()}@cluster.example.org`);
    const t2 = performance.now();

    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: expect.any(String) } });
    expect(unknown.body).toEqual(wrong.body);
    // Both ran scrypt: an unknown address is not answered noticeably faster.
    expect(t2 - t1).toBeGreaterThan((t1 - t0) * 0.4);
  });

  it('When an address fails 5 times in a row, then the 6th attempt is refused with 429 LOGIN_LOCKED and retryAfterSeconds, even with the right password', async () => {
    const user = await accounts.register();
    for (let i = 0; i < 5; i++) expect((await login(user.email, `wrong password ${i}`)).status).toBe(401);

    const locked = await login(user.email, 'wrong password 6');
    const right = await login(user.email);

    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatchObject({ code: 'LOGIN_LOCKED', retryAfterSeconds: expect.any(Number) });
    expect(locked.body.error.retryAfterSeconds).toBeGreaterThan(50);
    expect(locked.body.error.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(locked.headers.get('retry-after')).toBe(String(locked.body.error.retryAfterSeconds));
    expect(right.status).toBe(429);
  });

  it('When fewer than 5 failures precede a success, then the success resets the count', async () => {
    const user = await accounts.register();
    for (let i = 0; i < 4; i++) await login(user.email, `wrong password ${i}`);

    expect((await login(user.email)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(user.email, `wrong again ${i}`)).status).toBe(401);
    expect((await login(user.email)).status).toBe(200);
  });

  it('When the lock ends and the address fails again, then the next lock lasts twice as long', async () => {
    const email = `lock-${Date.now()}@cluster.example.org`;
    for (let i = 0; i < 5; i++) await login(email, 'wrong');
    // The first lock (60 s) is over: pretend it ended a moment ago.
    await accounts.deps.loginAttempts.updateOne(
      { _id: email },
      { $set: { lockedUntil: new Date(Date.now() - 1000) } },
    );

    expect((await login(email, 'wrong')).status).toBe(401);
    const locked = await login(email, 'wrong');

    expect(locked.status).toBe(429);
    expect(locked.body.error.retryAfterSeconds).toBeGreaterThan(110);
    expect(locked.body.error.retryAfterSeconds).toBeLessThanOrEqual(120);
  });

  it('When an address without an account fails 5 times, then it is locked too', async () => {
    const email = `ghost-${Date.now()}@cluster.example.org`;
    for (let i = 0; i < 5; i++) expect((await login(email, 'wrong')).status).toBe(401);

    expect((await login(email, 'wrong')).body.error.code).toBe('LOGIN_LOCKED');
  });

  it('When the body is not a JSON object or lacks the password, then 400 BAD_REQUEST', async () => {
    const notJson = await http.post('/internal/auth/login', '{not json');
    const noPassword = await http.post('/internal/auth/login', { email: 'a@b.org' });

    expect(notJson.status).toBe(400);
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.error.code).toBe('BAD_REQUEST');
  });

  it('When an internal endpoint is called without the gateway caller token, then 401 and nothing runs', async () => {
    const user = await accounts.register();

    const res = await http.post(
      '/internal/auth/login',
      { email: user.email, password: PASSWORD },
      { withCaller: false },
    );
    const keys = await http.post('/internal/api-keys/verify', { key: 'ccp_x' }, { withCaller: false });

    expect(res.status).toBe(401);
    expect(keys.status).toBe(401);
    expect(await accounts.deps.families.countDocuments({ userId: user.id })).toBe(0);
  });

  it('When an internal endpoint is called with GET, then 405', async () => {
    const res = await fetch(`${http.base}/internal/auth/login`, {
      headers: { 'x-ccp-caller': await http.keys.tokenFor() },
    });
    expect(res.status).toBe(405);
  });
});

describe('POST /internal/auth/refresh and /logout', () => {
  it('When the current refresh token is exchanged, then a new one comes back and the old one is used up', async () => {
    const user = await accounts.register();
    const first = (await login(user.email)).body;

    const second = await refresh(first.refreshToken);

    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect(second.body.refreshToken.split('.')[0]).toBe(first.refreshToken.split('.')[0]);
    expect(second.body.user).toEqual(first.user);
    expect((await verify(second.body.accessToken)).sub).toBe(user.id);
    const third = await refresh(second.body.refreshToken);
    expect(third.status).toBe(200);
  });

  it('When a rotated token is presented again, then 401 REFRESH_TOKEN_REUSED and the whole family is revoked, its newest token too', async () => {
    const user = await accounts.register();
    const first = (await login(user.email)).body;
    const second = (await refresh(first.refreshToken)).body;
    const third = (await refresh(second.refreshToken)).body;

    const reuse = await refresh(first.refreshToken);
    const newest = await refresh(third.refreshToken);

    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    expect(newest.status).toBe(401);
    expect(newest.body.error.code).toBe('REFRESH_TOKEN_INVALID');
    const family = await accounts.deps.families.findById(first.refreshToken.split('.')[0]).lean();
    expect(family).toMatchObject({ revokedReason: 'reuse', revokedAt: expect.any(Date) });
  });

  it('When another session of the same user is reused, then only that session is revoked', async () => {
    const user = await accounts.register();
    const laptop = (await login(user.email)).body;
    const phone = (await login(user.email)).body;
    await refresh(phone.refreshToken);

    await refresh(phone.refreshToken);

    expect((await refresh(laptop.refreshToken)).status).toBe(200);
  });

  it('When the token is unknown, malformed, expired or missing, then 401 REFRESH_TOKEN_INVALID', async () => {
    const user = await accounts.register();
    const session = (await login(user.email)).body;
    const familyId = session.refreshToken.split('.')[0];
    await accounts.deps.families.updateOne(
      { _id: familyId },
      { $set: { expiresAt: new Date(Date.now() - 1000) } },
    );

    for (const token of [
      `${familyId}.${'A'.repeat(43)}`,
      'garbage',
      `00000000-0000-4000-8000-000000000000.${'B'.repeat(43)}`,
      session.refreshToken,
      undefined,
    ]) {
      const res = await refresh(token);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('REFRESH_TOKEN_INVALID');
    }
  });

  it('When a role is granted after sign-in, then the access token from the next refresh carries it', async () => {
    const user = await accounts.register();
    const session = (await login(user.email)).body;
    await grantRole(accounts.deps, user.id, { role: 'cluster-manager', clusterId: 'cluster-refresh' });

    const refreshed = (await refresh(session.refreshToken)).body;

    expect((await verify(session.accessToken)).grants).toEqual([]);
    expect((await verify(refreshed.accessToken)).grants).toEqual([
      { role: 'cluster-manager', clusterId: 'cluster-refresh' },
    ]);
  });

  it('When the user logs out, then 204 and the session refreshes no more; an unknown token also gets 204', async () => {
    const user = await accounts.register();
    const session = (await login(user.email)).body;

    const out = await http.post('/internal/auth/logout', { refreshToken: session.refreshToken });
    const unknown = await http.post('/internal/auth/logout', { refreshToken: 'whatever' });

    expect(out.status).toBe(204);
    expect(unknown.status).toBe(204);
    expect((await refresh(session.refreshToken)).body.error.code).toBe('REFRESH_TOKEN_INVALID');
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('When anyone asks, without a caller token, then the public key is served with kid, ES256 and use sig, and no private part', async () => {
    const res = await fetch(`${http.base}/.well-known/jwks.json`);
    const body = (await res.json()) as { keys: Record<string, unknown>[] };

    expect(res.status).toBe(200);
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      kid: accounts.deps.signer.kid,
    });
    expect(body.keys[0]?.d).toBeUndefined();
  });

  it('When a token is signed by another key, then the JWKS does not verify it', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ kind: 'user', grants: [{ role: 'secretariat' }] })
      .setProtectedHeader({ alg: 'ES256', kid: accounts.deps.signer.kid })
      .setSubject('intruder')
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setExpirationTime('5m')
      .sign(privateKey);

    await expect(verify(forged)).rejects.toThrow();
  });

  it('When two replicas start on one database without a configured key, then they share one key pair', async () => {
    const model = signingKeyModel(accounts.db);

    const again = await loadTokenSigner(model);

    expect(again.kid).toBe(accounts.deps.signer.kid);
    expect(await model.countDocuments()).toBe(1);
  });

  it('When ACCESS_TOKEN_PRIVATE_KEY is configured, then that key signs and its public half is published', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const pem = await exportPKCS8(privateKey);

    const signer = await loadTokenSigner(signingKeyModel(accounts.db), pem);
    const { token } = await signer.accessToken({ id: 'someone', grants: [] }, 'session-1');

    expect(signer.kid).not.toBe(accounts.deps.signer.kid);
    const { payload } = await jwtVerify(token, createLocalJWKSet(signer.jwks()), {
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
    });
    expect(payload).toMatchObject({ sub: 'someone', sid: 'session-1' });
  });
});
