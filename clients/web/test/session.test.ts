import { ApolloLink, gql } from '@apollo/client';
import { Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApolloClient, sessionToken, storeSessionToken } from '../src/apollo';
import { forgetResumedSession, resumeSession } from '../src/features/account/session';

// The session bootstrap as main.tsx wires it: the Apollo client waits for resumeSession before its first
// operation; events records, in order, each /auth request and each operation's Authorization header.
const query = gql`query Probe { economies { code } }`;
let events: string[];

function client() {
  const terminal = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        const headers = operation.getContext().headers as Record<string, string> | undefined;
        events.push(`query ${headers?.authorization ?? 'anonymous'}`);
        observer.next({ data: { economies: [] } });
        observer.complete();
      }),
  );
  return createApolloClient('/graphql', terminal, { ready: resumeSession });
}

function answerRefresh(status: number, body: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      events.push(`${init.method} ${url} ${init.credentials}`);
      await new Promise((r) => setTimeout(r, 20)); // slower than the query would be: it must still wait
      return new Response(JSON.stringify(body), { status });
    }),
  );
}

beforeEach(() => {
  events = [];
  forgetResumedSession();
  storeSessionToken(null);
});
afterEach(() => vi.unstubAllGlobals());

describe('session bootstrap', () => {
  it('When the browser held a session, then a fresh access token is obtained through /auth/refresh before the first query, once', async () => {
    storeSessionToken('expired-token');
    answerRefresh(200, { accessToken: 'fresh-token', accessTokenExpiresAt: 0, user: { id: 'u1' } });
    const apollo = client();
    await Promise.all([
      apollo.query({ query, fetchPolicy: 'network-only' }),
      apollo.query({ query: gql`query Probe2 { economies { code } }`, fetchPolicy: 'network-only' }),
    ]);
    await apollo.query({ query, fetchPolicy: 'network-only' });
    expect(events).toEqual([
      'POST /auth/refresh same-origin',
      'query Bearer fresh-token',
      'query Bearer fresh-token',
      'query Bearer fresh-token',
    ]);
    expect(sessionToken()).toBe('fresh-token');
  });

  it('When the refresh cookie is refused, then the stored token is forgotten and queries go out anonymous', async () => {
    storeSessionToken('expired-token');
    answerRefresh(401, { error: { code: 'REFRESH_TOKEN_MISSING', message: 'no ccp_refresh cookie: log in' } });
    await client().query({ query, fetchPolicy: 'network-only' });
    expect(events).toEqual(['POST /auth/refresh same-origin', 'query anonymous']);
    expect(sessionToken()).toBeNull();
  });

  it('When the gateway cannot be reached, then the stored token is kept and the query still goes out', async () => {
    storeSessionToken('kept-token');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        events.push('refresh failed');
        throw new TypeError('Failed to fetch');
      }),
    );
    await client().query({ query, fetchPolicy: 'network-only' });
    expect(events).toEqual(['refresh failed', 'query Bearer kept-token']);
  });

  it('When the browser never held a session, then nothing is sent to /auth', async () => {
    answerRefresh(200, { accessToken: 'never' });
    await client().query({ query, fetchPolicy: 'network-only' });
    expect(events).toEqual(['query anonymous']);
  });
});
