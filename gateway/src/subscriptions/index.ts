import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type Caller, createKafka, type Logger, readSchemaFile } from '@ccp/kit';
import { extendSchema, type FormattedExecutionResult, type GraphQLSchema, parse } from 'graphql';
import type { Kafka } from 'kafkajs';
import type { QueryLimits } from '../limits.js';
import { ConnectionCounter, type ResolveCaller } from './access.js';
import { SubscriptionEngine } from './engine.js';
import { EventHub } from './hub.js';
import { installPayloadResolvers, PayloadExecutor } from './payload.js';
import type { SubscriptionSettings } from './settings.js';
import { createSseTransport } from './sse.js';
import { STREAMS } from './streams.js';
import { createWebSocketTransport } from './websocket.js';

export const SSE_PATH = '/graphql/stream';

export interface SubscriptionServiceOptions {
  settings: SubscriptionSettings;
  kafkaBrokers: string[];
  /** A Kafka client to use instead of one made for `kafkaBrokers` (tests inject network faults through it). */
  kafka?: Kafka;
  groupPrefix: string;
  /** The gateway's API schema (the federated graph clients see). */
  apiSchema: GraphQLSchema;
  runQuery(query: string, variables: Record<string, unknown>, caller: Caller): Promise<FormattedExecutionResult>;
  resolveCaller: ResolveCaller;
  queryLimits: QueryLimits;
  corsOrigins: readonly string[];
  trustedProxyHops: number;
  logger: Logger;
}

/** The API schema with schemas/subscriptions.graphql as its subscription root. */
export function subscriptionSchema(apiSchema: GraphQLSchema): GraphQLSchema {
  const sdl = readSchemaFile('subscriptions.graphql');
  return extendSchema(apiSchema, parse(`${sdl}\nextend schema { subscription: Subscription }`));
}

/**
 * Subscriptions served by the gateway (docs/subscriptions.md): a Kafka-fed hub, payloads through the
 * federated graph shared per event and selection, graphql-ws on `/graphql` upgrades and graphql-sse at
 * `/graphql/stream`.
 */
export function createSubscriptionService(opts: SubscriptionServiceOptions) {
  const { settings, logger } = opts;
  const schema = subscriptionSchema(opts.apiSchema);
  installPayloadResolvers(schema, STREAMS);
  const kafka = opts.kafka ?? createKafka('ccp-gateway', opts.kafkaBrokers, logger);
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let restarting = false;
  /** After a failed start or a crash: leave Kafka, then start afresh (its subscribers were already failed). */
  const restart = (err: Error, what: string): void => {
    // A crash while starting is reported twice (the CRASH event and the start's rejection): restart once.
    if (restarting || stopped) return;
    restarting = true;
    logger.error({ err, retryInMs: settings.restartMs }, what);
    void hub
      .stop({ final: false })
      .catch(() => {})
      .then(() => {
        if (!stopped) retry = setTimeout(start, settings.restartMs);
      });
  };
  const hub = new EventHub({
    kafka,
    streams: STREAMS,
    topicPrefix: settings.topicPrefix,
    groupPrefix: opts.groupPrefix,
    replayPerPartition: settings.replayPerPartition,
    logger,
    onCrash: (err) => restart(err, 'subscription hub consumer crashed; restarting'),
  });
  const start = (): void => {
    restarting = false;
    hub.start().catch((err: Error) => restart(err, 'subscription hub could not start; retrying'));
  };
  const executor = new PayloadExecutor(schema, opts.runQuery);
  const engine = new SubscriptionEngine({ schema, streams: STREAMS, hub, executor, settings, queryLimits: opts.queryLimits });
  const connections = new ConnectionCounter(settings.connectionsPerClient, opts.trustedProxyHops);
  const common = {
    engine,
    resolveCaller: opts.resolveCaller,
    connections,
    keepAliveMs: settings.keepAliveMs,
    credentialRecheckMs: settings.credentialRecheckMs,
    logger,
  };
  const ws = createWebSocketTransport({ ...common, schema, corsOrigins: opts.corsOrigins });
  const sse = createSseTransport(common);

  start();

  return {
    schema,
    hub,
    engine,
    /** Resolves once the replay buffers hold what the topics had when the hub (last) started. */
    get ready(): Promise<void> {
      return hub.ready;
    },
    /** For /ready: subscriptions are served only while the hub follows Kafka. */
    get state() {
      return hub.state;
    },
    handleUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => ws.handleUpgrade(req, socket, head),
    handleStream: (req: IncomingMessage, res: ServerResponse, url: URL) => sse.handle(req, res, url),
    /** Closes sockets (1001) and streams so clients resume elsewhere, then leaves Kafka. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(retry);
      sse.dispose();
      await ws.dispose();
      engine.stop();
      await hub.stop();
    },
  };
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
