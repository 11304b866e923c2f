import type { IncomingMessage } from 'node:http';
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
import type { GraphQLFormattedError } from 'graphql';
import { resolveCaller } from './auth.js';
import type { GatewayConfig } from './config.js';
import { createGatewayHandler } from './http.js';
import { createReadinessCheck } from './readiness.js';
import { readSupergraph, subgraphEndpoints } from './supergraph.js';

export interface GatewayDeps {
  logger: Logger;
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

function createContext(signer: CallerSigner, caller: Caller): GatewayContext {
  let token: Promise<string> | undefined;
  return { caller, callerToken: () => (token ??= signer.sign(caller)) };
}

/** Builds and starts the gateway on the static supergraph; never listens (tests and index.ts do). */
export async function createGateway(config: GatewayConfig, { logger }: GatewayDeps) {
  // @apollo/gateway otherwise reports usage to Apollo and probes cloud metadata endpoints at start.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const supergraphSdl = readSupergraph(config.SUPERGRAPH_PATH);
  const subgraphs = subgraphEndpoints(supergraphSdl, config.subgraphUrls);
  const signer = await createCallerSigner(config.callerPrivateKeyPem);

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
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // index.ts owns shutdown: it stops taking requests before Apollo stops.
    stopOnTerminationSignals: false,
    formatError: (formatted) => withoutSubgraphDetails(formatted, logger),
    // The analysts' explorer lives in the web client; Apollo's landing page would load from a CDN.
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  const handler = createGatewayHandler<GatewayContext>({
    apollo,
    context: async (req: IncomingMessage) => createContext(signer, await resolveCaller(req)),
    ready: createReadinessCheck(subgraphs),
    corsOrigins: config.CORS_ORIGINS,
    logger,
  });
  return { apollo, handler, subgraphs, stop: () => apollo.stop() };
}

export type Gateway = Awaited<ReturnType<typeof createGateway>>;
