import { ApolloClient, ApolloLink, type ErrorLike, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { from, mergeMap, throwError } from 'rxjs';

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      // Economy is a federation entity keyed by its APEC code; it has no `id` field.
      Economy: { keyFields: ['code'] },
    },
  });
}

const sessionKey = 'ccp.session';

/** The signed-in user's session token, if this browser holds one (account pages store it after login). */
export function sessionToken(): string | null {
  try {
    return globalThis.localStorage?.getItem(sessionKey) ?? null;
  } catch {
    return null;
  }
}

/** Stores (or with null, forgets) the session token; callers then reset the Apollo store. */
export function storeSessionToken(token: string | null): void {
  if (token) globalThis.localStorage?.setItem(sessionKey, token);
  else globalThis.localStorage?.removeItem(sessionKey);
}

/**
 * Adds `Authorization: Bearer <token>` to every operation while a session token is stored, after `ready` (the
 * session bootstrap, features/account/session.ts resumeSession) has settled, so that no operation goes out with a
 * token the bootstrap is about to replace.
 */
export function authLink(ready: () => Promise<unknown> = () => Promise.resolve()): ApolloLink {
  return new SetContextLink(async (previous) => {
    await ready();
    const token = sessionToken();
    if (!token) return {};
    return { headers: { ...previous.headers, authorization: `Bearer ${token}` } };
  });
}

/** The gateway refused the credential: HTTP 401, or a GraphQL error UNAUTHENTICATED. */
function unauthenticated(error: ErrorLike): boolean {
  if (ServerError.is(error)) return error.statusCode === 401;
  return (
    CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')
  );
}

/**
 * The access token lives 15 minutes: an operation the gateway refuses as unauthenticated while a token is stored
 * gets one `refresh()` (a new access token from the refresh cookie) and is sent again, once; when the refresh
 * fails, the original error stands.
 */
export function renewingLink(refresh: () => Promise<boolean>): ApolloLink {
  return new ErrorLink(({ error, operation, forward }) => {
    if (!unauthenticated(error) || sessionToken() === null || operation.getContext().renewed) return;
    operation.setContext({ renewed: true });
    return from(refresh()).pipe(mergeMap((ok) => (ok ? forward(operation) : throwError(() => error))));
  });
}

export interface ApolloOptions {
  /** Settles before the first operation is sent (main.tsx passes the session bootstrap). */
  ready?: () => Promise<unknown>;
  /** Gets a new access token when the stored one is refused; true when it did (main.tsx: renewSession). */
  refresh?: () => Promise<boolean>;
}

export function createApolloClient(
  uri = '/graphql',
  terminal?: ApolloLink,
  { ready, refresh }: ApolloOptions = {},
): ApolloClient {
  return new ApolloClient({
    link: ApolloLink.from([
      ...(refresh ? [renewingLink(refresh)] : []),
      authLink(ready),
      terminal ?? new HttpLink({ uri }),
    ]),
    cache: createCache(),
  });
}
