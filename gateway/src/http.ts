import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import { httpRequestDuration, type Logger, MAX_BODY_BYTES, metricsRegistry } from '@ccp/kit';
import { handleCors } from './cors.js';
import type { ReadinessReport } from './readiness.js';

export interface GatewayHttpOptions<TContext extends object> {
  apollo: ApolloServer<TContext>;
  context(req: IncomingMessage): Promise<TContext>;
  ready(): Promise<ReadinessReport>;
  corsOrigins: readonly string[];
  logger: Logger;
}

class BodyTooLargeError extends Error {}

const ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics']);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function requestError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

function readBody(req: IncomingMessage): Promise<string> {
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

/** `/graphql` (GET and POST), `/health`, `/ready` and `/metrics`, with CORS for the configured origins. */
export function createGatewayHandler<TContext extends object>(opts: GatewayHttpOptions<TContext>) {
  const origins = new Set(opts.corsOrigins);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Unknown paths share one label so that scanners cannot blow up the metric's cardinality.
    const end = httpRequestDuration.startTimer({ route: ROUTES.has(url.pathname) ? url.pathname : 'other' });
    try {
      if (handleCors(req, res, origins)) return;
      if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/ready') {
        const report = await opts.ready();
        return sendJson(res, report.ready ? 200 : 503, {
          status: report.ready ? 'ready' : 'not ready',
          subgraphs: report.subgraphs,
        });
      }
      if (url.pathname === '/metrics') {
        res.setHeader('content-type', metricsRegistry.contentType);
        res.end(await metricsRegistry.metrics());
        return;
      }
      if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found' });
      if (req.method !== 'GET' && req.method !== 'POST') {
        res.setHeader('allow', 'GET, POST, OPTIONS');
        return requestError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not supported on /graphql`);
      }

      let body: unknown;
      if (req.method === 'POST') {
        const parsed = await parseBody(req);
        if ('invalid' in parsed)
          return requestError(res, 400, 'BAD_REQUEST', 'request body is not valid JSON');
        body = parsed.body;
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const result = await opts.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
        context: () => opts.context(req),
      });
      for (const [key, value] of result.headers) res.setHeader(key, value);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        res.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        // The rest of the body is not read: close the connection rather than drain it.
        res.setHeader('connection', 'close');
        return requestError(res, 413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${MAX_BODY_BYTES} bytes`);
      }
      opts.logger.error({ err }, 'request failed');
      if (!res.headersSent) requestError(res, 500, 'INTERNAL_SERVER_ERROR', 'internal error');
      else res.end();
    } finally {
      end({ status: String(res.statusCode) });
    }
  };
}
