import type { ApolloServerPlugin } from '@apollo/server';
import type { Caller } from '@ccp/kit';
import { GraphQLError } from 'graphql';
import {
  findViolation,
  type LimitViolation,
  limitsFor,
  measureOperation,
  QUERY_LIMIT_EXCEEDED,
  type QueryLimits,
  violation,
} from './limits.js';

export function queryLimitError(v: LimitViolation): GraphQLError {
  return new GraphQLError(v.message, {
    extensions: {
      code: QUERY_LIMIT_EXCEEDED,
      limit: v.limit,
      max: v.max,
      actual: v.actual,
      http: { status: 400 },
    },
  });
}

/** Apollo rejects an array body itself while batching is off: that is the batch limit of one. */
export function isBatchRejection(error: unknown): boolean {
  return error instanceof GraphQLError && error.message === 'Operation batching disabled.';
}

/**
 * The batch limit's answer. Apollo does not tell how many operations the array held, so `actual` is the
 * least it can have been.
 */
export function batchLimitError(limits: QueryLimits) {
  const v = violation('batch', limits.maxBatch, limits.maxBatch + 1);
  return {
    message: `Batched requests are refused: the batch limit is ${v.max} operation per request (got an array of operations)`,
    extensions: { code: QUERY_LIMIT_EXCEEDED, limit: v.limit, max: v.max, actual: v.actual },
  };
}

/** Measures every operation once it is resolved and refuses it, before any subgraph is called, when it exceeds a limit. */
export function queryLimitsPlugin<TContext extends { caller: Caller }>(
  defaults: QueryLimits,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const limits = limitsFor(contextValue.caller, defaults);
          const measure = measureOperation(
            schema,
            document,
            operation,
            request.variables ?? {},
            limits.defaultListSize,
          );
          const exceeded = findViolation(measure, limits);
          if (exceeded) throw queryLimitError(exceeded);
        },
      };
    },
  };
}
