import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Caller, type CallerSigner, type Logger, requestError } from '@ccp/kit';
import { createSubgraphProxy } from './subgraph-proxy.js';

/** The gateway's public paths and the economies routes that answer them (see services/economies/src/routes). */
export const ECONOMIES_PUBLIC_ROUTES: Readonly<Record<string, string>> = {
  '/reports/monitoring.json': '/public/reports/monitoring.json',
  '/reports/monitoring.csv': '/public/reports/monitoring.csv',
  '/reports/monitoring.html': '/public/reports/monitoring.html',
  '/feeds/news.atom': '/public/feeds/news.atom',
};

const METHODS = 'GET, HEAD';
/** What the client's request carries on: conditional GETs (feed readers) and compression. */
const FORWARDED_HEADERS = ['if-none-match', 'if-modified-since', 'accept-encoding'];
/**
 * What the answer carries back. The page's own CSP replaces the gateway's blanket one: the printable report allows
 * exactly its one inline style (by hash) and nothing else.
 */
const PASSED_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-disposition',
  'content-security-policy',
  'cache-control',
  'etag',
  'last-modified',
  'allow',
];

/** One request for a public path, matched by path. */
export interface PublicRouteRequest {
  handle(res: ServerResponse, caller: Caller): Promise<void>;
}

export interface PublicRoutes {
  /** The request for a public path, or undefined for any other path. */
  match(req: IncomingMessage, pathname: string): PublicRouteRequest | undefined;
}

/**
 * Public documents served by economies — the monitoring report (`/reports/monitoring.{json,csv,html}`) and the
 * news feed (`/feeds/news.atom`) — proxied with the query string as given. The caller is resolved and
 * rate-limited like any /graphql request and travels in a caller token like every subgraph call; status,
 * content type and body come back as economies sent them, streamed.
 */
export function createPublicRoutes({
  economiesUrl,
  signer,
  logger,
  timeoutMs = 10_000,
}: {
  economiesUrl: string;
  signer: CallerSigner;
  logger: Logger;
  timeoutMs?: number;
}): PublicRoutes {
  const economies = createSubgraphProxy({
    url: economiesUrl,
    name: 'economies',
    what: 'public document',
    passedHeaders: PASSED_HEADERS,
    signer,
    logger,
    timeoutMs,
  });

  async function proxy(req: IncomingMessage, res: ServerResponse, caller: Caller, upstreamPath: string) {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('allow', METHODS);
      return requestError(res, 405, 'METHOD_NOT_ALLOWED', `${method} is not supported here; use GET`);
    }
    const target = new URL(upstreamPath, economies.origin);
    target.search = new URL(req.url ?? '/', 'http://localhost').search;
    await economies.forward(req, res, caller, {
      method,
      target,
      forwardedHeaders: FORWARDED_HEADERS,
      onAnswer(answer) {
        // The gateway varies on Origin already (CORS); an answer that varies on more keeps both.
        const vary = answer.headers.vary;
        if (vary) res.setHeader('vary', `Origin, ${vary}`);
      },
    });
  }

  return {
    match(req, pathname) {
      const upstreamPath = ECONOMIES_PUBLIC_ROUTES[pathname];
      if (!upstreamPath) return undefined;
      return { handle: (res, caller) => proxy(req, res, caller, upstreamPath) };
    },
  };
}
