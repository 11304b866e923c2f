import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  CALLER_HEADER,
  type Caller,
  type CallerVerifier,
  type Grant,
  listen,
  readJsonBody,
  sendJson,
} from '@ccp/kit';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { urlOf } from './helpers.js';

/**
 * A stand-in for accounts' internal HTTP contract (login, refresh with rotation and reuse detection,
 * logout, API-key verification, JWKS), signing real ES256 access tokens. Like accounts, it refuses calls
 * without the gateway's caller token.
 */
export interface AccountsDouble {
  url: string;
  server: Server;
  /** How often each route was called. */
  calls: Record<'login' | 'refresh' | 'logout' | 'verify' | 'jwks', number>;
  /** Callers the gateway's caller tokens named on internal calls. */
  callers: Caller[];
  revokedRefreshTokens: Set<string>;
  apiKeys: Map<string, Caller>;
  /** An access token as accounts signs one, with claims or options changed for a test. */
  accessToken(
    userId: string,
    grants: Grant[],
    opts?: { expiresIn?: string | number; issuer?: string; audience?: string; kid?: string },
  ): Promise<string>;
  /** An access token signed by a key accounts never published. */
  foreignToken(userId: string, grants: Grant[], kid?: string): Promise<string>;
  /** When set, every route answers 500 (accounts broken). */
  failing: boolean;
}

export const ACCOUNT = { email: 'ana@example.org', password: 'correct horse battery staple' };
export const LOCKED_EMAIL = 'locked@example.org';
export const USER = { id: 'user-ana', email: ACCOUNT.email, name: 'Ana Lima' };
export const USER_GRANTS: Grant[] = [
  { role: 'member' },
  { role: 'cluster-manager', clusterId: 'cluster-1' },
  { role: 'economy-coordinator', economy: 'PE' },
];
const KID = 'accounts-2024-1';
type SigningKey = Parameters<SignJWT['sign']>[0];

export async function startAccountsDouble(verifier: CallerVerifier): Promise<AccountsDouble> {
  const signing = await generateKeyPair('ES256', { extractable: true });
  const stranger = await generateKeyPair('ES256');
  const jwks = { keys: [{ ...(await exportJWK(signing.publicKey)), kid: KID, alg: 'ES256', use: 'sig' }] };
  /** Refresh token → its family and whether it was already rotated. */
  const refreshTokens = new Map<string, { family: string; rotated: boolean }>();
  const revokedFamilies = new Set<string>();

  const sign = (
    claims: JWTPayload,
    key: SigningKey,
    kid: string,
    opts: Parameters<AccountsDouble['accessToken']>[2] = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(opts.issuer ?? 'ccp-accounts')
      .setAudience(opts.audience ?? 'ccp-platform')
      .setIssuedAt()
      .setExpirationTime(opts.expiresIn ?? '15m')
      .sign(key);

  const double: AccountsDouble = {
    url: '',
    server: undefined as unknown as Server,
    calls: { login: 0, refresh: 0, logout: 0, verify: 0, jwks: 0 },
    callers: [],
    revokedRefreshTokens: new Set(),
    apiKeys: new Map(),
    failing: false,
    accessToken: (userId, grants, opts = {}) =>
      sign(
        { sub: userId, kind: 'user', grants, sid: 'session-1' },
        signing.privateKey,
        opts.kid ?? KID,
        opts,
      ),
    foreignToken: (userId, grants, kid = KID) =>
      sign({ sub: userId, kind: 'user', grants, sid: 'session-1' }, stranger.privateKey, kid),
  };

  async function session(family: string) {
    const refreshToken = randomBytes(32).toString('base64url');
    refreshTokens.set(refreshToken, { family, rotated: false });
    return {
      accessToken: await double.accessToken(USER.id, USER_GRANTS),
      accessTokenExpiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
      refreshToken,
      refreshTokenExpiresAt: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
      user: USER,
    };
  }

  const error = (res: ServerResponse, status: number, code: string, extra: object = {}) =>
    sendJson(res, status, { error: { code, message: code.toLowerCase().replace(/_/g, ' '), ...extra } });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/.well-known/jwks.json') {
      double.calls.jwks++;
      return sendJson(res, 200, jwks);
    }
    try {
      double.callers.push(await verifier.verify(req.headers[CALLER_HEADER] as string | undefined));
    } catch {
      return error(res, 401, 'UNAUTHENTICATED');
    }
    if (double.failing) return error(res, 500, 'INTERNAL');
    const body = (await readJsonBody(req)) ?? {};
    switch (path) {
      case '/internal/auth/login': {
        double.calls.login++;
        if (body.email === LOCKED_EMAIL) return error(res, 429, 'LOGIN_LOCKED', { retryAfterSeconds: 120 });
        if (body.email !== ACCOUNT.email || body.password !== ACCOUNT.password) {
          return error(res, 401, 'INVALID_CREDENTIALS');
        }
        return sendJson(res, 200, await session(randomBytes(8).toString('hex')));
      }
      case '/internal/auth/refresh': {
        double.calls.refresh++;
        const known = refreshTokens.get(String(body.refreshToken));
        if (!known || revokedFamilies.has(known.family)) return error(res, 401, 'REFRESH_TOKEN_INVALID');
        if (known.rotated) {
          revokedFamilies.add(known.family);
          return error(res, 401, 'REFRESH_TOKEN_REUSED');
        }
        known.rotated = true;
        return sendJson(res, 200, await session(known.family));
      }
      case '/internal/auth/logout': {
        double.calls.logout++;
        const known = refreshTokens.get(String(body.refreshToken));
        if (known) revokedFamilies.add(known.family);
        double.revokedRefreshTokens.add(String(body.refreshToken));
        res.statusCode = 204;
        return res.end();
      }
      case '/internal/api-keys/verify': {
        double.calls.verify++;
        const caller = double.apiKeys.get(String(body.key));
        if (!caller) return error(res, 401, 'API_KEY_INVALID');
        return sendJson(res, 200, { caller });
      }
      default:
        return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'not found' } });
    }
  }

  double.server = await listen(
    (req, res) => {
      handle(req, res).catch(() => error(res, 500, 'INTERNAL'));
    },
    0,
    '127.0.0.1',
  );
  double.url = urlOf(double.server);
  return double;
}
