import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type Caller, type EventValidator, type Logger, OutboxRelay, readSchemaFile } from '@ccp/kit';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import type { Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type Context, createContext } from './context.js';
import type { RegistryDeps } from './domain/deps.js';
import { ClusterRepository, clusterModel } from './model/cluster.js';
import { resolvers } from './resolvers/index.js';

export interface RegistryServerDeps {
  mongo: Connection;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  sweepIntervalMs?: number;
}

/** Builds the registry subgraph and its outbox relay; never listens (tests use it directly). */
export async function createServer({ mongo, producer, validator, logger, sweepIntervalMs }: RegistryServerDeps) {
  const clusters = clusterModel(mongo);
  await clusters.init();
  const relay = new OutboxRelay({ model: clusters, producer, logger, sweepIntervalMs });
  const deps: RegistryDeps = { clusters, repository: new ClusterRepository(clusters), relay, validator };
  const apollo = new ApolloServer<Context>({
    schema: buildSubgraphSchema({
      typeDefs: parse(readSchemaFile('registry.graphql')),
      resolvers: resolvers as GraphQLResolverMap<unknown>,
    }),
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    // runService owns SIGTERM; Apollo's own handler would re-raise it and cut the graceful stop short.
    stopOnTerminationSignals: false,
  });
  return {
    apollo,
    deps,
    relays: [relay],
    context: (caller: Caller) => createContext(deps, caller),
  };
}
