import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import { readSchemaFile } from './reference.js';

/** A subgraph's Apollo server from its SDL in `schemas/` and its (codegen-typed) resolvers, configured alike. */
export function createSubgraphApollo<TContext extends BaseContext>(
  schemaFile: string,
  resolvers: object,
): ApolloServer<TContext> {
  return new ApolloServer<TContext>({
    schema: buildSubgraphSchema({
      typeDefs: parse(readSchemaFile(schemaFile)),
      resolvers: resolvers as GraphQLResolverMap<unknown>,
    }),
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    // runService owns SIGTERM; Apollo's own handler would re-raise it and cut the graceful stop short.
    stopOnTerminationSignals: false,
  });
}
