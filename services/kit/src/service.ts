import type { Server } from 'node:http';
import type { ApolloServer, BaseContext } from '@apollo/server';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { type Caller, type CallerVerifier, createCallerVerifier } from './caller.js';
import { baseEnvSchema, LOCAL_ERASURE_KEY, loadConfig, readPem } from './config.js';
import type { EventConsumer } from './consumer.js';
import { EventValidator } from './events.js';
import { createSubgraphHandler, listen, type ServiceRoute } from './http.js';
import { createKafka, createProducer } from './kafka.js';
import { createLogger, type Logger } from './logger.js';
import { connectMongo, pingMongo } from './mongo.js';
import type { OutboxRelay } from './outbox.js';

export interface ServiceDeps<TEnv> {
  config: TEnv;
  logger: Logger;
  mongo: Connection;
  kafka: Kafka;
  producer: Producer;
  validator: EventValidator;
}

/** What a service builds from its dependencies: the subgraph and its background workers. */
export interface ServiceParts<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context(caller: Caller): TContext | Promise<TContext>;
  relays?: OutboxRelay[];
  consumers?: EventConsumer[];
  /** Other background work (periodic sweeps, in-memory read models fed by Kafka): started after the consumers, stopped first. */
  workers?: BackgroundWorker[];
  /** Endpoints beside /graphql (see ServiceRoute). */
  routes?: Record<string, ServiceRoute>;
}

export interface BackgroundWorker {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

export interface ServiceDefinition<S extends z.ZodObject, TContext extends BaseContext> {
  name: string;
  defaultPort: number;
  env?: S;
  build(deps: ServiceDeps<z.infer<S> & ServiceEnv>): Promise<ServiceParts<TContext>>;
}

export type ServiceEnv = z.infer<typeof baseEnvSchema> & { PORT: number; MONGODB_DATABASE: string };

export interface RunningService {
  server: Server;
  url: string;
  stop(): Promise<void>;
}

/** Starts a subgraph's entry points (HTTP, outbox relays, consumers) and stops them on SIGTERM/SIGINT. */
export async function runService<S extends z.ZodObject, TContext extends BaseContext>(
  def: ServiceDefinition<S, TContext>,
  env: NodeJS.ProcessEnv = process.env,
  { handleSignals = true }: { handleSignals?: boolean } = {},
): Promise<RunningService> {
  const schema = baseEnvSchema
    .extend({
      PORT: z.coerce.number().int().min(0).max(65535).default(def.defaultPort),
      MONGODB_DATABASE: z.string().default(`ccp_${def.name}`),
    })
    .extend(def.env?.shape ?? {});
  const config = loadConfig(schema, env) as z.infer<S> & ServiceEnv;
  const logger = createLogger(def.name, config.LOG_LEVEL);
  if (config.NODE_ENV === 'production' && config.ERASURE_KEY === LOCAL_ERASURE_KEY) {
    logger.warn('ERASURE_KEY is the local default: set the same secret in every service');
  }
  const verifier: CallerVerifier = await createCallerVerifier(
    readPem(config.CALLER_PUBLIC_KEY, config.CALLER_PUBLIC_KEY_FILE, 'CALLER_PUBLIC_KEY'),
  );
  const mongo = await connectMongo(config.MONGODB_URI, config.MONGODB_DATABASE, logger, {
    maxPoolSize: config.MONGODB_MAX_POOL_SIZE,
  });
  const kafka = createKafka(`ccp-${def.name}`, config.KAFKA_BROKERS, logger);
  const producer = await createProducer(kafka);
  let kafkaUp = true;
  producer.on(producer.events.DISCONNECT, () => {
    kafkaUp = false;
  });
  producer.on(producer.events.CONNECT, () => {
    kafkaUp = true;
  });
  const validator = new EventValidator();
  const parts = await def.build({ config, logger, mongo, kafka, producer, validator });
  await parts.apollo.start();
  for (const relay of parts.relays ?? []) relay.start();
  await Promise.all((parts.consumers ?? []).map((c) => c.start()));
  for (const worker of parts.workers ?? []) await worker.start();

  const handler = createSubgraphHandler({
    apollo: parts.apollo,
    verifier,
    context: parts.context,
    ready: async () => kafkaUp && (await pingMongo(mongo)),
    logger,
    routes: parts.routes,
  });
  const server = await listen(handler, config.PORT, config.HOST);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST}:${port}/graphql`;
  logger.info({ url }, `${def.name} subgraph listening`);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('shutting down');
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.allSettled((parts.workers ?? []).map((w) => w.stop()));
      await Promise.allSettled((parts.consumers ?? []).map((c) => c.stop()));
      await Promise.allSettled((parts.relays ?? []).map((r) => r.stop()));
      await parts.apollo.stop();
      await producer.disconnect();
      await mongo.close();
    })();
    return stopping;
  };
  if (handleSignals) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        stop().then(
          () => process.exit(0),
          (err) => {
            logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      });
    }
  }
  return { server, url, stop };
}
