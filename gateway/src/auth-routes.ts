import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, sendJson } from '@ccp/kit';
import { z } from 'zod';
import { type AccountsClient, AccountsUnavailableError } from './accounts-client.js';

export const REFRESH_COOKIE = 'ccp_refresh';
const COOKIE_PATH = '/auth';

const credentialsSchema = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});

const sessionSchema = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: z.union([z.string(), z.number()]),
  refreshToken: z.string().min(1),
  refreshTokenExpiresAt: z.union([z.string(), z.number()]),
  user: z.object({ id: z.string(), email: z.string(), name: z.string().nullish() }),
});

export type AuthRoute = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

/** An ISO date or epoch (seconds or milliseconds) as milliseconds since the epoch. */
function epochMs(value: string | number): number {
  if (typeof value === 'string') return Date.parse(value);
  return value < 1e12 ? value * 1000 : value;
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * `/auth/login`, `/auth/refresh` and `/auth/logout`: proxies of accounts' token endpoints that keep the
 * refresh token in an HttpOnly, SameSite=Strict cookie scoped to /auth, out of reach of scripts. Each
 * needs `content-type: application/json`, which a cross-site form cannot send without a CORS preflight.
 */
export function createAuthRoutes({
  accounts,
  secureCookies,
}: {
  accounts: AccountsClient;
  secureCookies: boolean;
}): Record<string, AuthRoute> {
  function refreshCookie(token: string, maxAgeSeconds: number): string {
    return [
      `${REFRESH_COOKIE}=${encodeURIComponent(token)}`,
      `Max-Age=${Math.max(0, maxAgeSeconds)}`,
      `Path=${COOKIE_PATH}`,
      'HttpOnly',
      'SameSite=Strict',
      ...(secureCookies ? ['Secure'] : []),
    ].join('; ');
  }

  const clearCookie = () => refreshCookie('', 0);

  /** Hands accounts' refusal to the client as it came (status, code), with its retry-after when locked out. */
  function passThrough(res: ServerResponse, status: number, body: unknown): void {
    const retryAfter = (body as { error?: { retryAfterSeconds?: unknown } } | undefined)?.error
      ?.retryAfterSeconds;
    if (status === 429 && typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
    if (body === undefined) {
      res.statusCode = status;
      res.end();
      return;
    }
    sendJson(res, status, body);
  }

  /** A new session: the refresh token goes into the cookie, the rest into the body. */
  function sendSession(res: ServerResponse, body: unknown): void {
    const session = sessionSchema.safeParse(body);
    if (!session.success) throw new AccountsUnavailableError('accounts answered with an unexpected session');
    const { refreshToken, refreshTokenExpiresAt, accessToken, accessTokenExpiresAt, user } = session.data;
    const maxAge = Math.floor((epochMs(refreshTokenExpiresAt) - Date.now()) / 1000);
    res.setHeader('set-cookie', refreshCookie(refreshToken, Number.isFinite(maxAge) ? maxAge : 0));
    sendJson(res, 200, { accessToken, accessTokenExpiresAt, user });
  }

  /** Method, content type and body checks shared by the three routes. */
  function route(
    handle: (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) => Promise<void>,
  ) {
    return async (req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('cache-control', 'no-store');
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST, OPTIONS');
        return sendError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not supported here; use POST`);
      }
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (contentType !== 'application/json') {
        return sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send content-type: application/json');
      }
      const body = await readJsonBody(req);
      if (!body) return sendError(res, 400, 'BAD_REQUEST', 'the body must be a JSON object');
      try {
        await handle(req, res, body);
      } catch (err) {
        if (!(err instanceof AccountsUnavailableError)) throw err;
        sendError(res, 503, 'ACCOUNTS_UNAVAILABLE', 'the accounts service is unavailable; try again shortly');
      }
    };
  }

  return {
    '/auth/login': route(async (_req, res, body) => {
      const credentials = credentialsSchema.safeParse(body);
      if (!credentials.success) {
        return sendError(res, 400, 'BAD_USER_INPUT', 'email and password are required strings');
      }
      const reply = await accounts.post('/internal/auth/login', credentials.data);
      if (reply.status !== 200) return passThrough(res, reply.status, reply.body);
      sendSession(res, reply.body);
    }),

    '/auth/refresh': route(async (req, res) => {
      const refreshToken = readCookie(req, REFRESH_COOKIE);
      if (!refreshToken) {
        return sendError(res, 401, 'REFRESH_TOKEN_MISSING', `no ${REFRESH_COOKIE} cookie: log in`);
      }
      const reply = await accounts.post('/internal/auth/refresh', { refreshToken });
      if (reply.status === 200) return sendSession(res, reply.body);
      // A refused token is dead (expired, revoked, or its family revoked on reuse): the browser can drop it.
      if (reply.status === 401) res.setHeader('set-cookie', clearCookie());
      passThrough(res, reply.status, reply.body);
    }),

    '/auth/logout': route(async (req, res) => {
      const refreshToken = readCookie(req, REFRESH_COOKIE);
      res.setHeader('set-cookie', clearCookie());
      if (!refreshToken) {
        res.statusCode = 204;
        res.end();
        return;
      }
      await accounts.post('/internal/auth/logout', { refreshToken });
      res.statusCode = 204;
      res.end();
    }),
  };
}
