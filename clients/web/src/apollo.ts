import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';

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

export interface ApolloOptions {
  /** Settles before the first operation is sent (main.tsx passes the session bootstrap). */
  ready?: () => Promise<unknown>;
}

export function createApolloClient(
  uri = '/graphql',
  terminal?: ApolloLink,
  { ready }: ApolloOptions = {},
): ApolloClient {
  return new ApolloClient({
    link: ApolloLink.from([authLink(ready), terminal ?? new HttpLink({ uri })]),
    cache: createCache(),
  });
}
