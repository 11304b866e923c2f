import { ApolloLink, gql } from '@apollo/client';
import { ServerError } from '@apollo/client/errors';
import { Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApolloClient, sessionToken, storeSessionToken } from '../src/apollo';
import { forgetResumedSession, renewSession, resumeSession } from '../src/features/account/session';

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
    answerRefresh(401, {
      error: { code: 'REFRESH_TOKEN_MISSING', message: 'no ccp_refresh cookie: log in' },
    });
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

describe('renewing a refused token mid-session', () => {
  // The gateway as it answers an expired access token: HTTP 401 (Apollo's ServerError); the current one works.
  function gatewayClient(valid: string) {
    const terminal = new ApolloLink(
      (operation) =>
        new Observable((observer) => {
          const auth = (operation.getContext().headers as Record<string, string> | undefined)?.authorization;
          events.push(`query ${auth ?? 'anonymous'}`);
          if (auth && auth !== `Bearer ${valid}`) {
            const response = new Response('{"errors":[{"message":"expired"}]}', { status: 401 });
            observer.error(
              new ServerError('Response not successful: Received status code 401', {
                response,
                bodyText: '',
              }),
            );
            return;
          }
          observer.next({ data: { economies: [] } });
          observer.complete();
        }),
    );
    return createApolloClient('/graphql', terminal, { refresh: renewSession });
  }

  it('When the stored token is refused, then one /auth/refresh serves every waiting operation and each is sent again once', async () => {
    storeSessionToken('stale-token');
    answerRefresh(200, { accessToken: 'new-token', accessTokenExpiresAt: 0, user: { id: 'u1' } });
    const apollo = gatewayClient('new-token');
    const results = await Promise.all([
      apollo.query({ query, fetchPolicy: 'network-only' }),
      apollo.query({ query: gql`query Probe2 { economies { code } }`, fetchPolicy: 'network-only' }),
    ]);
    expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
    expect(events.filter((e) => e.startsWith('POST'))).toEqual(['POST /auth/refresh same-origin']);
    expect(events.filter((e) => e === 'query Bearer stale-token')).toHaveLength(2);
    expect(events.filter((e) => e === 'query Bearer new-token')).toHaveLength(2);
    expect(sessionToken()).toBe('new-token');
  });

  it('When the refresh is refused too, then the original error stands and the token is forgotten', async () => {
    storeSessionToken('stale-token');
    answerRefresh(401, { error: { code: 'REFRESH_TOKEN_EXPIRED', message: 'log in' } });
    const result = await gatewayClient('never').query({
      query,
      fetchPolicy: 'network-only',
      errorPolicy: 'all',
    });
    expect(ServerError.is(result.error)).toBe(true);
    expect(events).toEqual(['query Bearer stale-token', 'POST /auth/refresh same-origin']);
    expect(sessionToken()).toBeNull();
  });
});
