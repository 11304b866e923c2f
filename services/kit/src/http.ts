import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import { CALLER_HEADER, type Caller, CallerTokenError, type CallerVerifier } from './caller.js';
import { ErrorCode } from './errors.js';
import type { Logger } from './logger.js';
import { httpRequestDuration, metricsRegistry } from './metrics.js';

export const MAX_BODY_BYTES = 1_000_000;

export interface SubgraphHttpOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  verifier: CallerVerifier;
  context(caller: Caller): TContext | Promise<TContext>;
  ready(): Promise<boolean>;
  logger: Logger;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `/graphql` (caller token required), `/health`, `/ready` and `/metrics` for one subgraph. */
export function createSubgraphHandler<TContext extends BaseContext>(opts: SubgraphHttpOptions<TContext>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const end = httpRequestDuration.startTimer({ route: url.pathname });
    try {
      if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/ready') {
        const ready = await opts.ready();
        return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
      }
      if (url.pathname === '/metrics') {
        res.writeHead(200, { 'content-type': metricsRegistry.contentType });
        res.end(await metricsRegistry.metrics());
        return;
      }
      if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found' });

      let caller: Caller;
      try {
        caller = await opts.verifier.verify(req.headers[CALLER_HEADER] as string | undefined);
      } catch (err) {
        if (!(err instanceof CallerTokenError)) throw err;
        return sendJson(res, 401, {
          errors: [{ message: err.message, extensions: { code: ErrorCode.Unauthenticated } }],
        });
      }

      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      let body: unknown;
      if (req.method === 'POST') {
        const raw = await readBody(req);
        try {
          body = raw ? JSON.parse(raw) : {};
        } catch {
          return sendJson(res, 400, { errors: [{ message: 'body is not JSON', extensions: { code: 'BAD_REQUEST' } }] });
        }
      }
      const result = await opts.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => opts.context(caller),
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
      opts.logger.error({ err }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    } finally {
      end({ status: String(res.statusCode) });
    }
  };
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
