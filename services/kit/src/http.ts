import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import { CALLER_HEADER, type Caller, CallerTokenError, type CallerVerifier } from './caller.js';
import { ErrorCode } from './errors.js';
import type { Logger } from './logger.js';
import { httpRequestDuration, metricsRegistry } from './metrics.js';

export const MAX_BODY_BYTES = 1_000_000;
export const HTTP_ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics']);

export class BodyTooLargeError extends Error {}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** A GraphQL-shaped error for a request that never reached GraphQL execution. */
export function requestError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses a JSON body; anything else is handed to Apollo as is, which answers with its own error. */
async function parseBody(req: IncomingMessage): Promise<{ body: unknown } | { invalid: true }> {
  const raw = await readBody(req);
  if (!(req.headers['content-type'] ?? '').includes('json')) return { body: raw };
  if (!raw) return { body: {} };
  try {
    return { body: JSON.parse(raw) };
  } catch {
    return { invalid: true };
  }
}

/** Runs a GET or POST /graphql request through Apollo and writes its response. */
const GZIP_MIN_BYTES = 16 * 1024;
const gzipAsync = promisify(gzip);

export async function serveGraphQL<TContext extends BaseContext>(
  req: IncomingMessage,
  res: ServerResponse,
  apollo: ApolloServer<TContext>,
  context: () => Promise<TContext>,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.setHeader('allow', 'GET, POST, OPTIONS');
    return requestError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not supported on /graphql`);
  }
  let body: unknown;
  if (req.method === 'POST') {
    const parsed = await parseBody(req);
    if ('invalid' in parsed) return requestError(res, 400, 'BAD_REQUEST', 'request body is not valid JSON');
    body = parsed.body;
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
    context,
  });
  for (const [key, value] of result.headers) res.setHeader(key, value);
  res.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    const text = result.body.string;
    // Large answers (the map's points, exports) shrink several-fold; small ones are not worth the CPU.
    if (text.length >= GZIP_MIN_BYTES && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      const zipped = await gzipAsync(text, { level: 6 });
      res.setHeader('content-encoding', 'gzip');
      res.setHeader('vary', 'accept-encoding');
      res.setHeader('content-length', zipped.length);
      res.end(zipped);
      return;
    }
    res.end(text);
  } else {
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

/**
 * Times every request (unknown paths share one label, so scanners cannot blow up the metric's cardinality),
 * serves `/metrics`, and turns failures into 413 or 500 answers.
 */
export function instrumentedHandler(
  logger: Logger,
  route: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>,
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const end = httpRequestDuration.startTimer({ route: HTTP_ROUTES.has(url.pathname) ? url.pathname : 'other' });
    try {
      if (url.pathname === '/metrics') {
        res.setHeader('content-type', metricsRegistry.contentType);
        res.end(await metricsRegistry.metrics());
        return;
      }
      await route(req, res, url);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        // The rest of the body is not read: close the connection rather than drain it.
        res.setHeader('connection', 'close');
        return requestError(res, 413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${MAX_BODY_BYTES} bytes`);
      }
      logger.error({ err }, 'request failed');
      if (!res.headersSent) requestError(res, 500, 'INTERNAL_SERVER_ERROR', 'internal error');
      else res.end();
    } finally {
      end({ status: String(res.statusCode) });
    }
  };
}

/** Reads a JSON object body (400 is the caller's to send when it is not one). */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const parsed = await parseBody(req);
  if ('invalid' in parsed || typeof parsed.body !== 'object' || parsed.body === null) return undefined;
  return parsed.body as Record<string, unknown>;
}

/**
 * A non-GraphQL endpoint of a service (e.g. accounts' token endpoints the gateway calls). Internal routes
 * need the gateway's caller token like /graphql; public ones (a JWKS) do not.
 */
export interface ServiceRoute {
  public?: boolean;
  handle(req: IncomingMessage, res: ServerResponse, caller: Caller | null): Promise<void>;
}

export interface SubgraphHttpOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  verifier: CallerVerifier;
  context(caller: Caller): TContext | Promise<TContext>;
  ready(): Promise<boolean>;
  logger: Logger;
  routes?: Record<string, ServiceRoute>;
}

/** `/graphql` (caller token required), `/health`, `/ready` and `/metrics` for one subgraph. */
export function createSubgraphHandler<TContext extends BaseContext>(opts: SubgraphHttpOptions<TContext>) {
  return instrumentedHandler(opts.logger, async (req, res, url) => {
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/ready') {
      const ready = await opts.ready();
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
    }
    const route = opts.routes?.[url.pathname];
    if (url.pathname !== '/graphql' && !route) return sendJson(res, 404, { error: 'not found' });
    if (route?.public) return route.handle(req, res, null);
    let caller: Caller;
    try {
      caller = await opts.verifier.verify(req.headers[CALLER_HEADER] as string | undefined);
    } catch (err) {
      if (!(err instanceof CallerTokenError)) throw err;
      return requestError(res, 401, ErrorCode.Unauthenticated, err.message);
    }
    if (route) return route.handle(req, res, caller);
    await serveGraphQL(req, res, opts.apollo, async () => opts.context(caller));
  });
}

export function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  host: string,
): Promise<Server> {
  const server = createServer(handler);
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
