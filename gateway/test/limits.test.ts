import { ANONYMOUS, type Caller } from '@ccp/kit';
import { buildSchema, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUERY_LIMITS,
  findViolation,
  limitsFor,
  measureOperation,
  type OperationMeasure,
} from '../src/limits.js';

const schema = buildSchema(`
  interface Node { id: ID! }
  type Item implements Node {
    id: ID!
    name: String
    parent: Item
    tags: [String!]!
    children(first: Int): [Item!]!
  }
  type ItemConnection { nodes: [Item!]! totalCount: Int! }
  type Query {
    item(id: ID!): Item
    node(id: ID!): Node
    items(first: Int, last: Int): [Item!]!
    everything: [Item!]!
    page(first: Int = 20, after: String): ItemConnection!
  }
  type Mutation { rename(id: ID!, name: String!): Item! }
`);

function measure(query: string, variables: Record<string, unknown> = {}): OperationMeasure {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) throw new Error('no operation');
  return measureOperation(schema, document, operation, variables);
}

const NONE: OperationMeasure = { depth: 1, cost: 1, aliases: 0, largestPage: 0 };

describe('measureOperation', () => {
  it('When an operation selects single objects, then each field costs one and depth counts the nesting', () => {
    expect(measure('{ item(id: "1") { id name parent { id } } }')).toEqual({
      depth: 3,
      cost: 5,
      aliases: 0,
      largestPage: 0,
    });
  });

  it('When a list field has first or last, then its subtree is multiplied by it', () => {
    expect(measure('{ items(first: 10) { id name } }').cost).toBe(1 + 10 * 2);
    expect(measure('{ items(last: 4) { id } }')).toMatchObject({ cost: 1 + 4, largestPage: 4 });
  });

  it('When a list field has no page argument, then the default list size of 50 multiplies its subtree', () => {
    expect(measure('{ everything { id name } }').cost).toBe(1 + 50 * 2);
    expect(measure('{ items { id } }').cost).toBe(1 + 50);
  });

  it('When a list has a known bound (a KPI figure\'s breakdown), then that bound multiplies its subtree, not the default', () => {
    const kpis = buildSchema(`
      type KpiBreakdown { gender: String value: Int! }
      type KpiFigure { value: Int! breakdown: [KpiBreakdown!]! }
      type Query { kpis: [KpiFigure!]! }
    `);
    const document = parse('{ kpis { value breakdown { gender value } } }');
    const operation = document.definitions[0] as OperationDefinitionNode;

    expect(measureOperation(kpis, document, operation).cost).toBe(1 + 50 * (1 + (1 + 16 * 2)));
  });

  it('When a list of scalars is selected, then it costs one like any leaf', () => {
    expect(measure('{ item(id: "1") { tags } }').cost).toBe(2);
  });

  it("When a connection is paginated, then its page size (or the schema's default) sizes its nodes once", () => {
    expect(measure('{ page { nodes { id } totalCount } }').cost).toBe(1 + (1 + 20 * 1) + 1);
    expect(measure('{ page(first: 5) { nodes { children(first: 2) { id } } } }')).toEqual({
      depth: 4,
      cost: 1 + (1 + 5 * (1 + 2 * 1)),
      aliases: 0,
      largestPage: 5,
    });
  });

  it("When page sizes come from variables, then the request's values or the operation's defaults are used", () => {
    const query = 'query Items($n: Int = 7) { items(first: $n) { id } }';

    expect(measure(query).cost).toBe(1 + 7);
    expect(measure(query, { n: 3 })).toMatchObject({ cost: 1 + 3, largestPage: 3 });
  });

  it('When fragments and aliases are used, then every spread counts where it is spread', () => {
    const query = `{
      a: items(first: 2) { ...Tree }
      b: items(first: 3) { ...Tree }
    }
    fragment Tree on Item { id kids: children(first: 4) { id } }`;

    expect(measure(query)).toEqual({
      depth: 3,
      cost: 1 + 2 * 6 + (1 + 3 * 6),
      aliases: 4,
      largestPage: 4,
    });
  });

  it('When an inline fragment selects on an interface, then its fields are measured on the concrete type', () => {
    expect(measure('{ node(id: "1") { id ... on Item { parent { id } } } }')).toMatchObject({
      depth: 3,
      cost: 4,
    });
  });

  it('When introspection or __typename is asked, then it counts for nothing', () => {
    const introspection = `{ __typename __schema { types { name fields { name type { ofType { ofType {
      ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } } }`;

    expect(measure(introspection)).toEqual({ depth: 0, cost: 0, aliases: 0, largestPage: 0 });
    expect(measure('{ item(id: "1") { __typename id } }')).toMatchObject({ depth: 2, cost: 2 });
  });

  it('When a mutation is measured, then it is measured against the mutation type', () => {
    expect(measure('mutation { rename(id: "1", name: "x") { id name } }')).toMatchObject({
      depth: 2,
      cost: 3,
    });
  });

  it('When fragments double at every level (a fragment bomb), then measuring stays fast and the cost explodes', () => {
    const levels = 40;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Item { parent { ...F${i + 1} } children(first: 2) { ...F${i + 1} } }`,
    ).join('\n');
    const query = `{ item(id: "1") { ...F0 } }\n${fragments}\nfragment F${levels} on Item { id }`;

    const started = performance.now();
    const measured = measure(query);

    expect(performance.now() - started).toBeLessThan(500);
    expect(measured.depth).toBe(levels + 2);
    expect(measured.cost).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
  });
});

describe('findViolation', () => {
  const limits = DEFAULT_QUERY_LIMITS;

  it('When an operation is at every limit, then nothing is exceeded', () => {
    expect(findViolation({ depth: 12, cost: 10_000, aliases: 30, largestPage: 200 }, limits)).toBeUndefined();
  });

  it('When depth is one over, then the depth limit is named with both figures', () => {
    expect(findViolation({ ...NONE, depth: 13 }, limits)).toEqual({
      limit: 'depth',
      max: 12,
      actual: 13,
      message: 'Query depth 13 exceeds the depth limit of 12',
    });
  });

  it('When cost is one over, then the cost limit is named with both figures', () => {
    expect(findViolation({ ...NONE, cost: 10_001 }, limits)).toMatchObject({
      limit: 'cost',
      max: 10_000,
      actual: 10_001,
      message: expect.stringMatching(/10001.*cost limit of 10000/),
    });
  });

  it('When a page is one over, then the page-size limit is named with both figures', () => {
    expect(findViolation({ ...NONE, largestPage: 201 }, limits)).toMatchObject({
      limit: 'pageSize',
      max: 200,
      actual: 201,
      message: expect.stringMatching(/201.*page-size limit of 200/),
    });
  });

  it('When aliases are one over, then the alias limit is named with both figures', () => {
    expect(findViolation({ ...NONE, aliases: 31 }, limits)).toMatchObject({
      limit: 'aliases',
      max: 30,
      actual: 31,
      message: expect.stringMatching(/31 aliases.*alias limit of 30/),
    });
  });
});

describe('limitsFor', () => {
  const analyst: Caller = {
    subject: 'key-1',
    kind: 'api-client',
    grants: [{ role: 'analyst' }],
    limits: { maxDepth: 20, maxCost: 50_000, requestsPerMinute: 600 },
  };

  it("When an API client's key carries depth and cost limits, then they replace the defaults", () => {
    expect(limitsFor(analyst, DEFAULT_QUERY_LIMITS)).toEqual({
      ...DEFAULT_QUERY_LIMITS,
      maxDepth: 20,
      maxCost: 50_000,
    });
  });

  it('When a caller carries no limits (or unusable ones), then the defaults apply', () => {
    expect(limitsFor(ANONYMOUS, DEFAULT_QUERY_LIMITS)).toEqual(DEFAULT_QUERY_LIMITS);
    expect(limitsFor({ ...analyst, limits: { maxDepth: 0, maxCost: -1 } }, DEFAULT_QUERY_LIMITS)).toEqual(
      DEFAULT_QUERY_LIMITS,
    );
  });
});
