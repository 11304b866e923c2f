import type { IncomingMessage } from 'node:http';
import type { Caller } from '@ccp/kit';
import { AuthenticationError, AuthenticationUnavailableError } from '../auth.js';
import { clientAddress, rateBucketFor } from '../rate-limit.js';
import { limitError } from './engine.js';

export type ResolveCaller = (req: IncomingMessage) => Promise<Caller>;

/** Why a connection was refused: a code clients can act on and a message. */
export class AccessRefusal extends Error {
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'AUTHENTICATION_UNAVAILABLE' | 'SUBSCRIPTION_LIMIT_EXCEEDED',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Who opens a subscription connection: the `authorization` connection parameter ("Bearer <jwt>" or
 * "ApiKey <key>") or else the request's Authorization / x-api-key header, resolved as for queries; none is
 * anonymous. An invalid credential is refused, never taken as anonymous.
 */
export async function callerOf(resolveCaller: ResolveCaller, req: IncomingMessage, authorization?: unknown): Promise<Caller> {
  const fromParams = authorization !== undefined && authorization !== null;
  if (fromParams && (typeof authorization !== 'string' || req.headers.authorization || req.headers['x-api-key'])) {
    throw new AccessRefusal(
      'UNAUTHENTICATED',
      typeof authorization !== 'string'
        ? 'the authorization connection parameter must be a string'
        : 'send the credential either in the connection parameters or in a header, not both',
    );
  }
  const source = fromParams ? ({ headers: { authorization } } as unknown as IncomingMessage) : req;
  try {
    return await resolveCaller(source);
  } catch (err) {
    if (err instanceof AuthenticationError) throw new AccessRefusal('UNAUTHENTICATED', err.message);
    if (err instanceof AuthenticationUnavailableError) {
      throw new AccessRefusal('AUTHENTICATION_UNAVAILABLE', 'credentials cannot be checked right now');
    }
    throw err;
  }
}

/**
 * Checks an API client's key again every `everyMs` while its connection is open, so a revoked key's subscriptions
 * end (`UNAUTHENTICATED`) within `everyMs` plus the resolver's key cache (60 s each by default) instead of living
 * as long as the socket. A check that cannot be made (accounts unreachable) keeps the connection. Users' access
 * tokens are not rechecked: they expire within 15 minutes and a connection is not torn down at each expiry.
 * Returns the function that stops the checks (call it when the connection closes).
 */
export function watchCredential(
  caller: Caller,
  check: () => Promise<Caller>,
  everyMs: number,
  end: (refusal: AccessRefusal) => void,
): () => void {
  if (caller.kind !== 'api-client' || !(everyMs > 0)) return () => {};
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    check()
      .catch((err: unknown) => {
        if (err instanceof AccessRefusal && err.code === 'UNAUTHENTICATED') {
          clearInterval(timer);
          end(new AccessRefusal('UNAUTHENTICATED', `the API key is no longer valid (${err.message})`));
        }
      })
      .finally(() => {
        checking = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Open connections per client (API key, user, or address for anonymous callers), across both transports. */
export class ConnectionCounter {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly trustedProxyHops: number,
  ) {}

  /** Counts a connection in, or refuses it naming the limit; returns the release. */
  acquire(caller: Caller, req: IncomingMessage): () => void {
    const ip = clientAddress(req, this.trustedProxyHops);
    const key = rateBucketFor(caller, ip, { anonymousPerMinute: 0, userPerMinute: 0, apiKeyPerMinute: 0 }).key;
    const count = this.open.get(key) ?? 0;
    if (count >= this.max) {
      const error = limitError('connectionsPerClient', this.max, `a client may hold ${this.max} subscription connections at once`);
      throw new AccessRefusal('SUBSCRIPTION_LIMIT_EXCEEDED', error.message);
    }
    this.open.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    };
  }
}
