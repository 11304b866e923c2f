import { CLUSTER_FIELDS, type MirroredCluster } from './mirror.js';

/** The gateway's endpoints from one URL (`http://host:4000` or `…/graphql`): queries over HTTP, subscriptions over graphql-ws. */
export function gatewayEndpoints(gateway: string): { http: string; ws: string } {
  const url = new URL(gateway);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--gateway: ${gateway} is not an http(s) URL`);
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/graphql';
  const http = url.toString();
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return { http, ws: url.toString() };
}

/** The `authorization` value for the gateway: an API key (the integrator's usual credential) or a signed-in user's token. */
export function authorizationOf(credentials: { apiKey?: string; token?: string }): string | undefined {
  if (credentials.apiKey && credentials.token) throw new Error('give either an API key or a token, not both');
  if (credentials.apiKey) return `ApiKey ${credentials.apiKey}`;
  if (credentials.token) return `Bearer ${credentials.token}`;
  return undefined;
}

/** An error from the platform with the GraphQL error code that decides what to do (retry, resync or stop). */
export class PlatformError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly field?: string,
  ) {
    super(message);
  }
}

interface GraphQLErrorLike {
  message?: string;
  extensions?: { code?: unknown; field?: unknown };
}

/** The first error of a GraphQL response as a PlatformError. */
export function platformErrorOf(errors: readonly GraphQLErrorLike[], context: string): PlatformError {
  const first = errors[0] ?? {};
  const code = typeof first.extensions?.code === 'string' ? first.extensions.code : undefined;
  const field = typeof first.extensions?.field === 'string' ? first.extensions.field : undefined;
  return new PlatformError(`${context}: ${first.message ?? 'unknown error'}${code ? ` (${code})` : ''}`, code, field);
}

const PAGE_QUERY = `query MirrorCatchUp($first: Int!, $after: String) {
  clusters(first: $first, after: $after) {
    nodes { ${CLUSTER_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface PageResponse {
  data?: { clusters: { nodes: MirroredCluster[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  errors?: GraphQLErrorLike[];
}

/** Every published cluster, page by page through the registry's `clusters` query. */
export async function fetchPublishedClusters(opts: {
  httpUrl: string;
  authorization?: string;
  pageSize?: number;
  signal?: AbortSignal;
}): Promise<{ clusters: MirroredCluster[]; pages: number }> {
  const clusters: MirroredCluster[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const res = await fetch(opts.httpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(opts.authorization ? { authorization: opts.authorization } : {}),
      },
      body: JSON.stringify({ query: PAGE_QUERY, variables: { first: opts.pageSize ?? 200, after } }),
      signal: opts.signal,
    });
    const body = (await res.json().catch(() => ({}))) as PageResponse;
    if (body.errors?.length) throw platformErrorOf(body.errors, 'catch-up query');
    if (!res.ok || !body.data) throw new PlatformError(`catch-up query: HTTP ${res.status}`, undefined);
    pages += 1;
    clusters.push(...body.data.clusters.nodes);
    const { hasNextPage, endCursor } = body.data.clusters.pageInfo;
    if (!hasNextPage || !endCursor) return { clusters, pages };
    after = endCursor;
  }
}

export const CLUSTER_CHANGED = `subscription MirrorClusterChanged($after: String) {
  clusterChanged(after: $after) {
    cursor eventId type clusterId sequence status
    cluster { ${CLUSTER_FIELDS} }
  }
}`;
