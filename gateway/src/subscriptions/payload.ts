import type { Caller } from '@ccp/kit';
import {
  defaultFieldResolver,
  type ExecutionResult,
  execute,
  type FormattedExecutionResult,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  isObjectType,
} from 'graphql';
import { subscriptionExecutions } from './metrics.js';
import type { PreparedSubscription } from './operation.js';
import type { BufferedEvent } from './replay-buffer.js';
import type { StreamDefinition, StreamItem } from './streams.js';

/** Runs a query against the gateway's own federated graph as the given caller. */
export type RunQuery = (query: string, variables: Record<string, unknown>, caller: Caller) => Promise<FormattedExecutionResult>;

/** Marks objects that came from the federated graph: their properties are response keys (aliases), not field names. */
const FEDERATED = Symbol('federated');

function markFederated(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) markFederated(item);
  } else if (value && typeof value === 'object') {
    Object.defineProperty(value, FEDERATED, { value: true });
    for (const item of Object.values(value)) markFederated(item);
  }
}

const byResponseKey: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
  if (source && typeof source === 'object' && FEDERATED in source) {
    return (source as Record<string | number, unknown>)[info.path.key];
  }
  return defaultFieldResolver(source, args, context, info);
};

/** What the federated query answered for one event: data by alias, and errors by alias. */
interface Fetched {
  data: Record<string, unknown> | null;
  errors: Map<string, GraphQLError>;
}

interface Context {
  fetched: Fetched | null;
  aliases: PreparedSubscription['aliases'];
}

/**
 * The federated fields (ClusterChange.cluster, …) read what the query for this event fetched; everything else
 * in a payload is the event itself.
 */
export function installPayloadResolvers(schema: GraphQLSchema, streams: readonly StreamDefinition[]): void {
  for (const { federated } of streams) {
    const type = schema.getType(federated.parentType);
    const field = isObjectType(type) ? type.getFields()[federated.field] : undefined;
    if (!field) throw new Error(`the subscription schema has no ${federated.parentType}.${federated.field}`);
    field.resolve = (_source, _args, context: Context, info) => {
      const alias = context.aliases.get(info.fieldNodes[0] as never);
      if (!alias || !context.fetched) return null;
      const error = context.fetched.errors.get(alias);
      const value = context.fetched.data?.[alias] ?? null;
      if (value === null && error) throw error;
      return value;
    };
  }
}

/**
 * Computes payloads: per event and group of subscribers (same selection, variables and caller fingerprint) the
 * federated query runs once and the payload is built once; a subscriber whose cursor differs from the
 * event's (it resumed from a cursor ahead of this replica) gets its own payload from the same fetched data.
 */
export class PayloadExecutor {
  private readonly inflight = new Map<string, Promise<{ fetched: Fetched | null; result: ExecutionResult }>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly run: RunQuery,
  ) {}

  resultFor(sub: PreparedSubscription, event: BufferedEvent<StreamItem | null>, cursor: string): Promise<ExecutionResult> {
    const key = `${event.cursor}\n${sub.groupKey}`;
    let shared = this.inflight.get(key);
    if (!shared) {
      shared = this.compute(sub, event);
      this.inflight.set(key, shared);
      // Every subscriber is offered an event in one synchronous pass: once settled, nobody asks again.
      void shared.finally(() => this.inflight.delete(key)).catch(() => {});
    }
    return shared.then(({ fetched, result }) =>
      cursor === event.cursor ? result : this.local(sub, event.item as StreamItem, cursor, fetched),
    );
  }

  private async compute(sub: PreparedSubscription, event: BufferedEvent<StreamItem | null>) {
    const item = event.item as StreamItem;
    const fetched = await this.fetch(sub, item);
    return { fetched, result: this.local(sub, item, event.cursor, fetched) };
  }

  private async fetch(sub: PreparedSubscription, item: StreamItem): Promise<Fetched | null> {
    const id = sub.stream.federated.idOf(item);
    if (!sub.federated || id === null) return null;
    subscriptionExecutions.inc({ field: sub.stream.field });
    const errors = new Map<string, GraphQLError>();
    try {
      const response = await this.run(sub.federated.query, { ...sub.federated.variables, __id: id }, sub.caller);
      for (const e of response.errors ?? []) {
        const alias = e.path?.[0];
        if (typeof alias === 'string' && !errors.has(alias)) {
          errors.set(alias, new GraphQLError(e.message, { extensions: e.extensions }));
        }
      }
      const data = (response.data ?? null) as Record<string, unknown> | null;
      markFederated(data);
      return { data, errors };
    } catch (err) {
      const failure = new GraphQLError(`could not read ${sub.stream.federated.field}: ${(err as Error).message}`, {
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      for (const alias of sub.aliases.values()) errors.set(alias, failure);
      return { data: null, errors };
    }
  }

  private local(sub: PreparedSubscription, item: StreamItem, cursor: string, fetched: Fetched | null): ExecutionResult {
    const payload = { ...sub.stream.payload(item), cursor };
    const context: Context = { fetched, aliases: sub.aliases };
    return execute({
      schema: this.schema,
      document: sub.document,
      operationName: sub.operationName,
      variableValues: sub.variables,
      rootValue: { [sub.stream.field]: payload },
      contextValue: context,
      fieldResolver: byResponseKey,
    }) as ExecutionResult;
  }
}
