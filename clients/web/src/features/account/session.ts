/**
 * Browser sessions through the gateway's /auth routes: the refresh token lives in an HttpOnly cookie
 * (scoped to /auth), the short-lived access token in storage, where the Apollo client reads it.
 */
import { sessionToken, storeSessionToken } from '../../apollo';

export interface AuthFailure {
  status: number;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

export class AuthError extends Error {
  constructor(readonly failure: AuthFailure) {
    super(failure.message);
  }
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function failure(res: Response): Promise<AuthError> {
  const body = (await res.json().catch(() => ({}))) as {
    error?: { code?: string; message?: string; retryAfterSeconds?: number };
  };
  return new AuthError({
    status: res.status,
    code: body.error?.code ?? `HTTP_${res.status}`,
    message: body.error?.message ?? res.statusText,
    retryAfterSeconds: body.error?.retryAfterSeconds,
  });
}

/** Logs in: stores the access token (the gateway sets the refresh cookie). */
export async function logIn(email: string, password: string): Promise<void> {
  const res = await post('/auth/login', { email, password });
  if (!res.ok) throw await failure(res);
  const { accessToken } = (await res.json()) as { accessToken: string };
  storeSessionToken(accessToken);
}

/** Trades the refresh cookie for a new access token; false when there is no live session. */
export async function refreshSession(): Promise<boolean> {
  const res = await post('/auth/refresh', {});
  if (!res.ok) {
    if (res.status === 401) storeSessionToken(null);
    return false;
  }
  const { accessToken } = (await res.json()) as { accessToken: string };
  storeSessionToken(accessToken);
  return true;
}

/** Logs out: the gateway revokes the refresh token and clears its cookie; the access token is forgotten. */
export async function logOut(): Promise<void> {
  try {
    await post('/auth/logout', {});
  } finally {
    storeSessionToken(null);
  }
}

/** Runs `task` while holding the browser-wide session lock (Web Locks), or at once where there are none. */
function exclusively<T>(task: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  return locks ? (locks.request('ccp.session.refresh', task) as Promise<T>) : task();
}

let renewing: Promise<boolean> | undefined;

/**
 * A new access token from the refresh cookie when the stored one was refused mid-session (the Apollo client's
 * renewing link): concurrent callers share one request, and tabs take turns as in resumeSession.
 */
export function renewSession(): Promise<boolean> {
  renewing ??= exclusively(refreshSession)
    .catch(() => false)
    .finally(() => {
      renewing = undefined;
    });
  return renewing;
}

let resuming: Promise<void> | undefined;

/**
 * The session bootstrap, run once per page load before the first authenticated operation (the Apollo client
 * waits for it): a browser that held a session — an access token is stored — trades its refresh cookie for a fresh
 * access token, since the stored one may have expired while the page was closed. The cookie is HttpOnly, so the
 * stored token is what tells a returning user from a visitor; visitors send nothing. Tabs take turns (a Web Lock),
 * so two never present the same refresh token, which accounts would take for a replay and end the session. A
 * refused cookie signs the browser out (the token is forgotten); an unreachable gateway leaves the token as it was.
 */
export function resumeSession(): Promise<void> {
  resuming ??=
    sessionToken() === null
      ? Promise.resolve()
      : exclusively(refreshSession).then(
          () => undefined,
          () => undefined,
        );
  return resuming;
}

/** Forgets that this page load resumed its session (tests start each case afresh). */
export function forgetResumedSession(): void {
  resuming = undefined;
}
