import type { Caller } from '@ccp/kit';
import {
  type DefinitionNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type SelectionSetNode,
  parse,
  parseType,
  print,
  validate,
  visit,
} from 'graphql';
import { findViolation, limitsFor, measureOperation, type QueryLimits } from '../limits.js';
import { queryLimitError } from '../query-limits-plugin.js';
import type { StreamDefinition } from './streams.js';

/** A subscription checked against the schema and the limits, ready to follow its stream. */
export interface PreparedSubscription {
  stream: StreamDefinition;
  document: DocumentNode;
  operationName?: string | null;
  variables: Record<string, unknown>;
  caller: Caller;
  filter: unknown;
  after: string | null;
  /** Subscribers with equal keys get equal payloads: the payload is computed once per event for them. */
  groupKey: string;
  /** The query reading the federated field for one event (`$__id`), or null when it is not selected. */
  federated: { query: string; variables: Record<string, unknown> } | null;
  /** The federated field's nodes in the subscriber's document → their alias in the federated query. */
  aliases: Map<FieldNode, string>;
}

export interface PrepareRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

const badRequest = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } });

/** Who the caller is, as far as what it may read goes: kind and grants, and the subject of a signed-in user. */
export function callerFingerprint(caller: Caller): string {
  const grants = caller.grants.map((g) => `${g.role}:${g.clusterId ?? ''}:${g.economy ?? ''}`).sort();
  return JSON.stringify([caller.kind, caller.kind === 'user' ? caller.subject : '', grants]);
}

/** The variables a piece of the document reads. */
function variablesIn(node: SelectionSetNode | FieldNode | FragmentDefinitionNode | readonly DirectiveNode[]): Set<string> {
  const names = new Set<string>();
  const nodes = Array.isArray(node) ? node : [node];
  for (const n of nodes) {
    visit(n as FieldNode, {
      Variable(v) {
        names.add(v.name.value);
      },
    });
  }
  return names;
}

/** Fragment names reachable from the nodes, transitively. */
function fragmentsUsed(nodes: readonly (FieldNode | SelectionSetNode)[], fragments: Map<string, FragmentDefinitionNode>) {
  const used = new Set<string>();
  const pending: (FieldNode | SelectionSetNode | FragmentDefinitionNode)[] = [...nodes];
  while (pending.length) {
    const node = pending.pop() as FieldNode;
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const def = fragments.get(name);
        if (used.has(name) || !def) return;
        used.add(name);
        pending.push(def);
      },
    });
  }
  return used;
}

/** The federated field's nodes in the payload's selection (through inline fragments and fragment spreads). */
function federatedNodes(selectionSet: SelectionSetNode, field: string, fragments: Map<string, FragmentDefinitionNode>) {
  const found: FieldNode[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === field) found.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const def = fragments.get(selection.name.value);
        if (def) walk(def.selectionSet);
      }
    }
  };
  walk(selectionSet);
  return found;
}

/** Every selection set also asks for `__typename`, so interfaces and unions resolve in the local execution. */
const withTypenames = <T extends FieldNode | FragmentDefinitionNode>(node: T): T =>
  visit(node, {
    SelectionSet(set) {
      if (set.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename' && !s.alias)) return undefined;
      return {
        ...set,
        selections: [...set.selections, { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }],
      };
    },
  });

/**
 * Parses, validates and measures a subscription: the document, its one root field, its filter and cursor
 * (checked by the stream), the query of its federated field and the key of the subscribers it can share with.
 * Throws a GraphQLError (or returns the validation errors) when the subscription is refused.
 */
export function prepareSubscription(
  schema: GraphQLSchema,
  streams: readonly StreamDefinition[],
  request: PrepareRequest,
  caller: Caller,
  limits: QueryLimits,
  opts: { shared: boolean; subscriberId: string },
): PreparedSubscription | readonly GraphQLError[] {
  if (typeof request.query !== 'string') return [badRequest('query must be a string')];
  let document: DocumentNode;
  try {
    document = parse(request.query, { maxTokens: limits.maxTokens });
  } catch (err) {
    return [err instanceof GraphQLError ? err : badRequest(String(err))];
  }
  const errors = validate(schema, document);
  if (errors.length) return errors;
  const operation = getOperationAST(document, request.operationName);
  if (!operation) return [badRequest('name the operation to run (operationName)')];
  if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
    return [badRequest('only subscriptions are served here; send queries and mutations to POST /graphql')];
  }
  const root = operation.selectionSet.selections[0];
  if (operation.selectionSet.selections.length !== 1 || root?.kind !== Kind.FIELD) {
    return [badRequest('select the subscription field directly in the operation')];
  }
  const stream = streams.find((s) => s.field === root.name.value);
  const fieldDef = schema.getSubscriptionType()?.getFields()[root.name.value];
  if (!stream || !fieldDef || !root.selectionSet) return [badRequest(`${root.name.value} is not a subscription`)];

  const rawVariables = request.variables ?? {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables, { maxErrors: 20 });
  if (coerced.errors) return coerced.errors;
  const own = limitsFor(caller, limits);
  const exceeded = findViolation(measureOperation(schema, document, operation, rawVariables, own.defaultListSize), own);
  if (exceeded) return [queryLimitError(exceeded)];
  const args = getArgumentValues(fieldDef, root, coerced.coerced);
  stream.checkFilter(args.filter ?? null);

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const { federated, aliases } = federatedQuery(stream, root.selectionSet, operation, fragments, rawVariables);

  // The payload depends on the selection, the variables it reads and who reads it; not on the filter or cursor.
  const selectionVariables = [...variablesIn(root.selectionSet), ...[...fragments.values()].flatMap((f) => [...variablesIn(f)])];
  const key = [
    print({ ...root, arguments: [] }),
    ...[...fragments.values()].map((f) => print(f)).sort(),
    JSON.stringify([...new Set(selectionVariables)].sort().map((name) => [name, coerced.coerced[name]])),
    callerFingerprint(caller),
  ].join('\n');
  return {
    stream,
    document,
    operationName: request.operationName,
    variables: rawVariables,
    caller,
    filter: args.filter ?? null,
    after: (args.after as string | undefined) ?? null,
    groupKey: opts.shared ? key : `${opts.subscriberId}\n${key}`,
    federated,
    aliases,
  };
}

function federatedQuery(
  stream: StreamDefinition,
  selectionSet: SelectionSetNode,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  rawVariables: Record<string, unknown>,
) {
  const spec = stream.federated;
  const nodes = federatedNodes(selectionSet, spec.field, fragments);
  const aliases = new Map<FieldNode, string>();
  if (!nodes.length) return { federated: null, aliases };
  const idVariable = { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: '__id' } } as const;
  const fields: FieldNode[] = nodes.map((node, i) => {
    const alias = `f${i}`;
    aliases.set(node, alias);
    return withTypenames({
      kind: Kind.FIELD,
      alias: { kind: Kind.NAME, value: alias },
      name: { kind: Kind.NAME, value: spec.query },
      arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: spec.argument }, value: idVariable }],
      directives: node.directives,
      selectionSet: node.selectionSet,
    });
  });
  const used = fragmentsUsed(fields, fragments);
  const usedFragments = [...used].map((name) => withTypenames(fragments.get(name) as FragmentDefinitionNode));
  const names = new Set([...fields, ...usedFragments].flatMap((n) => [...variablesIn(n)]));
  names.delete('__id');
  const definitions: DefinitionNode[] = [
    {
      kind: Kind.OPERATION_DEFINITION,
      operation: OperationTypeNode.QUERY,
      variableDefinitions: [
        {
          kind: Kind.VARIABLE_DEFINITION,
          variable: idVariable,
          type: parseType(spec.argumentType),
        },
        ...(operation.variableDefinitions ?? []).filter((d) => names.has(d.variable.name.value)),
      ],
      selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
    },
    ...usedFragments,
  ];
  const variables = Object.fromEntries([...names].filter((n) => n in rawVariables).map((n) => [n, rawVariables[n]]));
  return { federated: { query: print({ kind: Kind.DOCUMENT, definitions }), variables }, aliases };
}
