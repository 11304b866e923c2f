import { type Caller, createSubgraphApollo, type EventValidator, type Logger } from '@ccp/kit';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type IntegrationsOptions, integrationsOptions } from './config.js';
import { type Context, createContext } from './context.js';
import { Dispatcher } from './delivery/dispatcher.js';
import type { IntegrationsDeps } from './domain/deps.js';
import { applyGrantChange, eraseOwner } from './domain/endpoints.js';
import { CONSUMER_GROUP, FanOutConsumer } from './events/fan-out.js';
import { DeliveryStore } from './model/delivery.js';
import { EndpointStore } from './model/endpoint.js';
import { resolvers } from './resolvers/index.js';

export interface IntegrationsServerDeps {
  mongo: Connection;
  kafka: Kafka;
  validator: EventValidator;
  logger: Logger;
  options?: IntegrationsOptions;
  /** `ccp-integrations` unless a test needs its own. */
  consumerGroupId?: string;
  /** Topics the fan-out reads; the public ones and accounts' unless a test has its own. */
  topics?: string[];
  fromBeginning?: boolean;
}

/** Builds the integrations subgraph: endpoints in memory, the fan-out consumer and the dispatcher; never listens. */
export async function createServer({
  mongo,
  kafka,
  validator,
  logger,
  options = integrationsOptions(),
  consumerGroupId = CONSUMER_GROUP,
  topics,
  fromBeginning,
}: IntegrationsServerDeps) {
  const endpoints = EndpointStore.of(mongo);
  const deliveries = DeliveryStore.of(mongo);
  await Promise.all([endpoints.load(), deliveries.init()]);
  const dispatcher = new Dispatcher(deliveries, endpoints, options.delivery, logger);
  const deps: IntegrationsDeps = { endpoints, deliveries, dispatcher, options, logger };
  const fanOut = new FanOutConsumer({
    kafka,
    groupId: consumerGroupId,
    topics,
    fromBeginning,
    validator,
    logger,
    endpoints,
    deliveries,
    dispatcher,
    eraseOwner: (owner) => eraseOwner(deps, owner),
    changeGrant: (change, granted) =>
      applyGrantChange(deps, change as Parameters<typeof applyGrantChange>[1], granted),
  });
  const apollo = createSubgraphApollo<Context>('integrations.graphql', resolvers);
  return {
    apollo,
    deps,
    fanOut,
    // The fan-out consumer, then the dispatcher (stopping aborts its requests in flight: they stay pending).
    workers: [fanOut, dispatcher],
    context: (caller: Caller) => createContext(deps, caller),
  };
}
