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

/**
 * One resolver map from a subgraph's base types and its feature modules, each contributing fields to shared
 * types; a field resolved by two modules throws, since one would silently replace the other.
 */
export function mergeResolvers<TResolvers extends object>(base: TResolvers, parts: TResolvers[]): TResolvers {
  const out: Record<string, Record<string, unknown>> = {};
  for (const part of [base, ...parts]) {
    for (const [type, fields] of Object.entries(part)) {
      const into = out[type] ?? {};
      out[type] = into;
      for (const [name, fn] of Object.entries(fields as Record<string, unknown>)) {
        if (name in into) throw new Error(`${type}.${name} is resolved twice`);
        into[name] = fn;
      }
    }
  }
  return out as TResolvers;
}
