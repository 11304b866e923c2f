import type { Caller } from '@ccp/kit';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  getVariableValues,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

/** The bounds on one custom query; analysts' API keys may carry their own depth and cost. */
export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxPageSize: number;
  maxAliases: number;
  /** Operations per HTTP request; Apollo's batching is off, so one. */
  maxBatch: number;
  /** What a list field without `first`/`last` is assumed to return. */
  defaultListSize: number;
  /** Lexical tokens per document: bounds the parsing and validation that run before the other limits. */
  maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxCost: 10_000,
  maxPageSize: 200,
  maxAliases: 30,
  maxBatch: 1,
  defaultListSize: 50,
  maxTokens: 10_000,
};

export type LimitName = 'depth' | 'cost' | 'pageSize' | 'aliases' | 'batch';

export const QUERY_LIMIT_EXCEEDED = 'QUERY_LIMIT_EXCEEDED';

/** What an operation would do, measured on its document before anything runs. */
export interface OperationMeasure {
  depth: number;
  cost: number;
  aliases: number;
  /** The largest `first`/`last` the operation asks for (0 when none). */
  largestPage: number;
}

export interface LimitViolation {
  limit: LimitName;
  max: number;
  actual: number;
  message: string;
}

const PAGE_ARGUMENTS = ['first', 'last'] as const;

/**
 * Lists whose length the domain bounds, measured at that bound instead of `defaultListSize`: the 21 economies,
 * a KPI figure's breakdown (4 genders × 4 sectors at most), a partner suggestion's seven criteria.
 */
export const KNOWN_LIST_SIZES: Readonly<Record<string, number>> = {
  'Query.economies': 21,
  'KpiFigure.breakdown': 16,
  'PartnerSuggestion.criteria': 7,
};
const NOTHING: OperationMeasure = { depth: 0, cost: 0, aliases: 0, largestPage: 0 };

function combine(a: OperationMeasure, b: OperationMeasure): OperationMeasure {
  return {
    depth: Math.max(a.depth, b.depth),
    cost: a.cost + b.cost,
    aliases: a.aliases + b.aliases,
    largestPage: Math.max(a.largestPage, b.largestPage),
  };
}

/**
 * Depth, cost, aliases and page sizes of one operation. Each field costs 1; a list field multiplies its
 * subtree by its `first`/`last` (given, or the schema's default) or by `defaultListSize`. A paginated
 * field returning a connection object passes its page size to the connection's list fields instead.
 * Introspection fields count for nothing. Fragments are measured once each, so a fragment bomb costs
 * the measurement no more than its text.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> = {},
  defaultListSize = DEFAULT_QUERY_LIMITS.defaultListSize,
): OperationMeasure {
  const root = schema.getRootType(operation.operation);
  if (!root) return NOTHING;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  // Invalid variables fail the request before execution; sizes then fall back to the defaults.
  const variables = coerced.coerced ?? {};
  const memo = new Map<string, OperationMeasure>();
  const visiting = new Set<string>();

  function pageSize(field: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined {
    let size: number | undefined;
    for (const name of PAGE_ARGUMENTS) {
      const def = field.args.find((a) => a.name === name);
      if (!def) continue;
      const arg = node.arguments?.find((a) => a.name.value === name);
      let value: unknown = def.defaultValue;
      if (arg) {
        value =
          arg.value.kind === Kind.VARIABLE ? variables[arg.value.name.value] : valueFromASTUntyped(arg.value);
      }
      if (typeof value === 'number') size = Math.max(size ?? 0, value);
    }
    return size;
  }

  function measureField(
    node: FieldNode,
    parent: GraphQLNamedType,
    inheritedListSize: number | undefined,
  ): OperationMeasure {
    if (node.name.value.startsWith('__')) return NOTHING;
    const aliases = node.alias ? 1 : 0;
    const field =
      isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    if (!field) return { depth: 1, cost: 1, aliases, largestPage: 0 };
    const page = pageSize(field, node);
    const isList = isListType(getNullableType(field.type));
    const known = KNOWN_LIST_SIZES[`${parent.name}.${node.name.value}`];
    const multiplier = isList ? (page ?? inheritedListSize ?? known ?? defaultListSize) : 1;
    const childListSize = !isList && page !== undefined ? page : undefined;
    const children = node.selectionSet
      ? measureSelections(node.selectionSet, getNamedType(field.type), childListSize)
      : NOTHING;
    return {
      depth: 1 + children.depth,
      cost: 1 + multiplier * children.cost,
      aliases: aliases + children.aliases,
      largestPage: Math.max(page ?? 0, children.largestPage),
    };
  }

  function measureFragment(name: string, inheritedListSize: number | undefined): OperationMeasure {
    const key = `${name}|${inheritedListSize ?? ''}`;
    const known = memo.get(key);
    if (known) return known;
    const fragment = fragments.get(name);
    const type = fragment && schema.getType(fragment.typeCondition.name.value);
    // A cycle is a validation error; it never gets this far, but must not recurse forever.
    if (!fragment || !type || visiting.has(key)) return NOTHING;
    visiting.add(key);
    const measured = measureSelections(fragment.selectionSet, type, inheritedListSize);
    visiting.delete(key);
    memo.set(key, measured);
    return measured;
  }

  function measureSelections(
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType,
    inheritedListSize: number | undefined,
  ): OperationMeasure {
    let total = NOTHING;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total = combine(total, measureField(selection, parent, inheritedListSize));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) {
          total = combine(total, measureSelections(selection.selectionSet, type, inheritedListSize));
        }
      } else {
        total = combine(total, measureFragment(selection.name.value, inheritedListSize));
      }
    }
    return total;
  }

  return measureSelections(operation.selectionSet, root, undefined);
}

export function violation(limit: LimitName, max: number, actual: number): LimitViolation {
  const messages: Record<LimitName, string> = {
    depth: `Query depth ${actual} exceeds the depth limit of ${max}`,
    cost: `Query cost ${actual} exceeds the cost limit of ${max}`,
    pageSize: `Page size ${actual} (first/last) exceeds the page-size limit of ${max}`,
    aliases: `${actual} aliases exceed the alias limit of ${max} per operation`,
    batch: `A batch of ${actual} operations exceeds the batch limit of ${max} per request`,
  };
  return { limit, max, actual, message: messages[limit] };
}

/** The first limit the measured operation exceeds, if any. */
export function findViolation(measure: OperationMeasure, limits: QueryLimits): LimitViolation | undefined {
  if (measure.largestPage > limits.maxPageSize) {
    return violation('pageSize', limits.maxPageSize, measure.largestPage);
  }
  if (measure.depth > limits.maxDepth) return violation('depth', limits.maxDepth, measure.depth);
  if (measure.aliases > limits.maxAliases) return violation('aliases', limits.maxAliases, measure.aliases);
  if (measure.cost > limits.maxCost) return violation('cost', limits.maxCost, measure.cost);
  return undefined;
}

/** The gateway's limits, with an API client's own depth and cost where its key carries them. */
export function limitsFor(caller: Caller, defaults: QueryLimits): QueryLimits {
  const own = caller.limits ?? {};
  const positive = (n: number | undefined) =>
    n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
  return {
    ...defaults,
    maxDepth: positive(own.maxDepth) ?? defaults.maxDepth,
    maxCost: positive(own.maxCost) ?? defaults.maxCost,
  };
}
