import type { IncomingMessage } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { instrumentedHandler, type Logger, sendJson, serveGraphQL } from '@ccp/kit';
import { handleCors } from './cors.js';
import type { ReadinessReport } from './readiness.js';

export interface GatewayHttpOptions<TContext extends object> {
  apollo: ApolloServer<TContext>;
  context(req: IncomingMessage): Promise<TContext>;
  ready(): Promise<ReadinessReport>;
  corsOrigins: readonly string[];
  logger: Logger;
}

/** `/graphql` (GET and POST), `/health`, `/ready` and `/metrics`, with CORS for the configured origins. */
export function createGatewayHandler<TContext extends object>(opts: GatewayHttpOptions<TContext>) {
  const origins = new Set(opts.corsOrigins);
  return instrumentedHandler(opts.logger, async (req, res, url) => {
    if (handleCors(req, res, origins)) return;
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/ready') {
      const report = await opts.ready();
      return sendJson(res, report.ready ? 200 : 503, {
        status: report.ready ? 'ready' : 'not ready',
        subgraphs: report.subgraphs,
      });
    }
    if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found' });
    await serveGraphQL(req, res, opts.apollo, () => opts.context(req));
  });
}
