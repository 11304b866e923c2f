import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  ANONYMOUS,
  CALLER_HEADER,
  type Caller,
  type CallerSigner,
  createCallerSigner,
  type Logger,
} from '@ccp/kit';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Kafka } from 'kafkajs';
import { createAccountsClient } from './accounts-client.js';
import { createCallerResolver } from './auth.js';
import { createAuthRoutes } from './auth-routes.js';
import type { GatewayConfig } from './config.js';
import { createGatewayHandler } from './http.js';
import { createClusterLogoRoutes } from './logo-routes.js';
import { handleCors } from './cors.js';
import { createPublicRoutes } from './public-routes.js';
import { batchLimitError, isBatchRejection, queryLimitsPlugin } from './query-limits-plugin.js';
import { TokenBucketLimiter } from './rate-limit.js';
import { createReadinessCheck } from './readiness.js';
import { createSubscriptionService, SSE_PATH, type SubscriptionService } from './subscriptions/index.js';
import { readSupergraph, type SubgraphEndpoint, subgraphEndpoints } from './supergraph.js';

export interface GatewayDeps {
  logger: Logger;
  /** The Kafka client for subscriptions (default: one for KAFKA_BROKERS); tests inject network faults through it. */
  kafka?: Kafka;
}

/** Per-request context: who is calling, and their caller token (signed once, on the first subgraph call). */
export interface GatewayContext {
  caller: Caller;
  callerToken(): Promise<string>;
}

/** Subgraph HTTP failures carry the subgraph's internal URL and raw body: log them, never show them to clients. */
function withoutSubgraphDetails(formatted: GraphQLFormattedError, logger: Logger): GraphQLFormattedError {
  if (!formatted.extensions || !('response' in formatted.extensions)) return formatted;
  const { response, ...extensions } = formatted.extensions;
  logger.warn({ response, message: formatted.message }, 'subgraph call failed');
  return { ...formatted, extensions };
}

/** In production an internal error says nothing of what failed (it is logged instead). */
function masked(formatted: GraphQLFormattedError, logger: Logger): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code !== undefined && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  logger.error({ error: formatted }, 'internal error');
  const { locations, path } = formatted;
  return { message: 'Internal server error', locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** Accounts' base URL: the origin of its subgraph URL (ACCOUNTS_URL, or the one composed into the supergraph). */
function accountsBaseUrl(config: GatewayConfig, subgraphs: SubgraphEndpoint[]): string {
  const url = config.subgraphUrls.accounts ?? subgraphs.find((s) => s.name === 'accounts')?.url;
  return new URL(url ?? 'http://127.0.0.1:4005/graphql').origin;
}

/** Registry's base URL, where cluster logos are: REGISTRY_URL, or the one composed into the supergraph. */
function registryBaseUrl(config: GatewayConfig, subgraphs: SubgraphEndpoint[]): string {
  const url = config.subgraphUrls.registry ?? subgraphs.find((s) => s.name === 'registry')?.url;
  return new URL(url ?? 'http://127.0.0.1:4001/graphql').origin;
}

/** Economies' base URL, where the public reports and the news feed are: ECONOMIES_URL, or the supergraph's. */
function economiesBaseUrl(config: GatewayConfig, subgraphs: SubgraphEndpoint[]): string {
  const url = config.subgraphUrls.economies ?? subgraphs.find((s) => s.name === 'economies')?.url;
  return new URL(url ?? 'http://127.0.0.1:4002/graphql').origin;
}

function createContext(signer: CallerSigner, caller: Caller): GatewayContext {
  let token: Promise<string> | undefined;
  return { caller, callerToken: () => (token ??= signer.sign(caller)) };
}

/** Builds and starts the gateway on the static supergraph; never listens (tests and index.ts do). */
export async function createGateway(config: GatewayConfig, { logger, kafka }: GatewayDeps) {
  // @apollo/gateway otherwise reports usage to Apollo and probes cloud metadata endpoints at start.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const supergraphSdl = readSupergraph(config.SUPERGRAPH_PATH);
  const subgraphs = subgraphEndpoints(supergraphSdl, config.subgraphUrls);
  const signer = await createCallerSigner(config.callerPrivateKeyPem);
  const accounts = createAccountsClient({ baseUrl: accountsBaseUrl(config, subgraphs), signer });

  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: config.subgraphUrls[name.toLowerCase()] ?? url,
        async willSendRequest(options) {
          // Only client operations carry a request context; the gateway's own calls go out as anonymous.
          const token =
            'incomingRequestContext' in options
              ? await options.context.callerToken()
              : await signer.sign(ANONYMOUS);
          options.request.http?.headers.set(CALLER_HEADER, token);
        },
      }),
  });
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => {
    apiSchema = loaded;
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.production,
    // GET and simple-content-type POSTs need a header a cross-site form cannot send.
    csrfPrevention: true,
    // Batching stays off: an array body is refused, which makes the batch limit one operation per request.
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: config.queryLimits.maxTokens },
    // index.ts owns shutdown: it stops taking requests before Apollo stops.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => {
      if (isBatchRejection(error)) return batchLimitError(config.queryLimits);
      const safe = withoutSubgraphDetails(formatted, logger);
      return config.production ? masked(safe, logger) : safe;
    },
    plugins: [
      // The analysts' explorer lives in the web client; Apollo's landing page would load from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      queryLimitsPlugin<GatewayContext>(config.queryLimits),
    ],
  });
  await apollo.start();
  const resolveCaller = createCallerResolver({ accounts, apiKeyCacheMs: config.API_KEY_CACHE_MS });

  let subscriptions: SubscriptionService | undefined;
  if (config.subscriptions.enabled) {
    if (!apiSchema) throw new Error('the gateway loaded no schema');
    subscriptions = createSubscriptionService({
      settings: config.subscriptions,
      kafkaBrokers: config.KAFKA_BROKERS,
      kafka,
      groupPrefix: config.KAFKA_GROUP_PREFIX,
      apiSchema,
      // Payloads are read through the federated graph as the subscriber, with the query limits applied.
      runQuery: async (query, variables, caller) => {
        const response = await apollo.executeOperation(
          { query, variables },
          { contextValue: createContext(signer, caller) },
        );
        if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
        return response.body.singleResult;
      },
      resolveCaller,
      queryLimits: config.queryLimits,
      corsOrigins: config.CORS_ORIGINS,
      trustedProxyHops: config.TRUST_PROXY_HOPS,
      logger,
    });
  }

  const httpHandler = createGatewayHandler<GatewayContext>({
    apollo,
    resolveCaller,
    context: (caller) => createContext(signer, caller),
    authRoutes: createAuthRoutes({ accounts, secureCookies: config.secureCookies }),
    clusterLogos: createClusterLogoRoutes({ registryUrl: registryBaseUrl(config, subgraphs), signer, logger }),
    publicRoutes: createPublicRoutes({ economiesUrl: economiesBaseUrl(config, subgraphs), signer, logger }),
    ready: createReadinessCheck(subgraphs, 2000, subscriptions && (() => (subscriptions as SubscriptionService).state)),
    corsOrigins: config.CORS_ORIGINS,
    rateLimiter: new TokenBucketLimiter(),
    rateLimits: config.rateLimits,
    trustedProxyHops: config.TRUST_PROXY_HOPS,
    production: config.production,
    logger,
  });
  const origins = new Set(config.CORS_ORIGINS);
  const stream = subscriptions?.handleStream;
  /** `/graphql/stream` (SSE subscriptions) beside everything createGatewayHandler serves. */
  const handler = (req: IncomingMessage, res: ServerResponse): Promise<void> | void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!stream || url.pathname !== SSE_PATH) return httpHandler(req, res);
    if (handleCors(req, res, origins)) return;
    return stream(req, res, url).catch((err) => {
      logger.error({ err }, 'subscription stream failed');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };
  /** graphql-ws on `/graphql`: index.ts (and tests) pass the HTTP server's `upgrade` events here. */
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (!subscriptions?.handleUpgrade(req, socket, head)) socket.destroy();
  };
  return {
    apollo,
    handler,
    upgrade,
    subscriptions,
    subgraphs,
    /** Closes subscription sockets (1001) first, so clients resume on another replica, then stops Apollo. */
    async stop() {
      await subscriptions?.stop();
      await apollo.stop();
    },
  };
}

export type Gateway = Awaited<ReturnType<typeof createGateway>>;
