import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { type Caller, type EventValidator, type Logger, readSchemaFile } from '@ccp/kit';
import { parse } from 'graphql';
import type { Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type Context, createContext } from './context.js';
import { createAccountsDeps } from './domain/deps.js';
import { resolvers } from './resolvers/index.js';

export interface AccountsServerDeps {
  mongo: Connection;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  sweepIntervalMs?: number;
}

/** Builds the accounts subgraph and its outbox relay; never listens (tests use it directly). */
export async function createServer({
  mongo,
  producer,
  validator,
  logger,
  sweepIntervalMs,
}: AccountsServerDeps) {
  const deps = await createAccountsDeps({ mongo, producer, validator, logger, sweepIntervalMs });
  const apollo = new ApolloServer<Context>({
    schema: buildSubgraphSchema({
      typeDefs: parse(readSchemaFile('accounts.graphql')),
      resolvers: resolvers as GraphQLResolverMap<unknown>,
    }),
    includeStacktraceInErrorResponses: false,
    // runService owns SIGTERM; Apollo's own handler would re-raise it and cut the graceful stop short.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  return {
    apollo,
    deps,
    relays: [deps.relay],
    context: (caller: Caller) => createContext(deps, caller),
  };
}
