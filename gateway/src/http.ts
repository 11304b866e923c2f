import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  type Caller,
  instrumentedHandler,
  type Logger,
  requestError,
  sendJson,
  serveGraphQL,
} from '@ccp/kit';
import { AuthenticationError, AuthenticationUnavailableError } from './auth.js';
import type { AuthRoute } from './auth-routes.js';
import { handleCors } from './cors.js';
import type { ClusterLogoRoutes } from './logo-routes.js';
import type { PublicRoutes } from './public-routes.js';
import { clientAddress, type RateLimits, rateBucketFor, type TokenBucketLimiter } from './rate-limit.js';
import type { ReadinessReport } from './readiness.js';

export interface GatewayHttpOptions<TContext extends object> {
  apollo: ApolloServer<TContext>;
  resolveCaller(req: IncomingMessage): Promise<Caller>;
  context(caller: Caller): TContext;
  authRoutes: Record<string, AuthRoute>;
  /** `/clusters/{id}/logo`, proxied to the registry with the caller resolved like /graphql's. */
  clusterLogos?: ClusterLogoRoutes;
  /** `/reports/monitoring.*` and `/feeds/news.atom`, proxied to economies, rate-limited like /graphql. */
  publicRoutes?: PublicRoutes;
  ready(): Promise<ReadinessReport>;
  corsOrigins: readonly string[];
  rateLimiter: TokenBucketLimiter;
  rateLimits: RateLimits;
  trustedProxyHops: number;
  production: boolean;
  logger: Logger;
}

/** The gateway answers JSON only: nothing in it may be framed, run as a page, or leak a referrer. */
function setSecurityHeaders(res: ServerResponse, production: boolean): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  if (production) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
}

function rateLimited(res: ServerResponse, retryAfterSeconds: number, graphql: boolean): void {
  res.setHeader('retry-after', String(retryAfterSeconds));
  const message = `Rate limit exceeded: retry after ${retryAfterSeconds} s`;
  // GraphQL clients get GraphQL-shaped errors; /auth/* speaks accounts' `{ error }` shape.
  const body = graphql
    ? { errors: [{ message, extensions: { code: 'RATE_LIMITED', retryAfterSeconds } }] }
    : { error: { code: 'RATE_LIMITED', message, retryAfterSeconds } };
  sendJson(res, 429, body);
}

/**
 * `/graphql` (GET and POST), `/auth/*`, `/health`, `/ready` and `/metrics`, with CORS for the configured
 * origins, security headers on every answer, and per-client rate limits on `/graphql` and `/auth/*`.
 */
export function createGatewayHandler<TContext extends object>(opts: GatewayHttpOptions<TContext>) {
  const origins = new Set(opts.corsOrigins);
  const { rateLimiter, rateLimits } = opts;

  const handle = instrumentedHandler(opts.logger, async (req, res, url) => {
    if (handleCors(req, res, origins)) return;
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/ready') {
      const report = await opts.ready();
      return sendJson(res, report.ready ? 200 : 503, {
        status: report.ready ? 'ready' : 'not ready',
        subgraphs: report.subgraphs,
        ...(report.subscriptions ? { subscriptions: report.subscriptions } : {}),
      });
    }
    const ip = clientAddress(req, opts.trustedProxyHops);
    const authRoute = opts.authRoutes[url.pathname];
    if (authRoute) {
      const decision = rateLimiter.take(`ip:${ip}`, rateLimits.anonymousPerMinute);
      if (!decision.allowed) return rateLimited(res, decision.retryAfterSeconds, false);
      return authRoute(req, res);
    }
    const logo = opts.clusterLogos?.match(req, url.pathname);
    const publicRoute = opts.publicRoutes?.match(req, url.pathname);
    if (url.pathname !== '/graphql' && !logo && !publicRoute)
      return sendJson(res, 404, { error: 'not found' });

    // Failed credentials draw from their own bucket per address, so guessing API keys cannot flood accounts.
    const failures = `auth-failures:${ip}`;
    const hasCredential = req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined;
    if (hasCredential) {
      const decision = rateLimiter.peek(failures, rateLimits.anonymousPerMinute);
      if (!decision.allowed) return rateLimited(res, decision.retryAfterSeconds, true);
    }
    let caller: Caller;
    try {
      caller = await opts.resolveCaller(req);
    } catch (err) {
      if (err instanceof AuthenticationError) {
        rateLimiter.take(failures, rateLimits.anonymousPerMinute);
        return requestError(res, 401, 'UNAUTHENTICATED', err.message);
      }
      if (err instanceof AuthenticationUnavailableError) {
        opts.logger.warn({ err }, 'credential check failed');
        return requestError(
          res,
          503,
          'AUTHENTICATION_UNAVAILABLE',
          'credentials cannot be checked right now',
        );
      }
      throw err;
    }
    const usual = rateBucketFor(caller, ip, rateLimits);
    const bucket = logo ? logo.rateBucket(usual) : usual;
    const decision = rateLimiter.take(bucket.key, bucket.perMinute);
    if (!decision.allowed) return rateLimited(res, decision.retryAfterSeconds, true);
    if (logo) return logo.handle(res, caller);
    if (publicRoute) return publicRoute.handle(res, caller);
    await serveGraphQL(req, res, opts.apollo, async () => opts.context(caller));
  });

  return (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res, opts.production);
    return handle(req, res);
  };
}
