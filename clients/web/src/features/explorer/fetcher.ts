import { sessionToken } from '../../apollo';

export interface GraphQLParams {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * GraphiQL's fetcher: POSTs to the gateway on this origin with the signed-in user's session (so analysts see
 * what their role allows) and any headers typed in GraphiQL's headers tab, which win over the session.
 */
export function createExplorerFetcher(
  url = '/graphql',
  fetchImpl: typeof fetch = (...args) => fetch(...args),
) {
  return async (params: GraphQLParams, options?: { headers?: Record<string, unknown> }) => {
    const token = sessionToken();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
    for (const [name, value] of Object.entries(options?.headers ?? {}))
      headers[name.toLowerCase()] = String(value);
    const response = await fetchImpl(url, { method: 'POST', headers, body: JSON.stringify(params) });
    const text = await response.text();
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      // A proxy error page or similar: show it in the result pane instead of failing silently.
      return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
    }
  };
}
