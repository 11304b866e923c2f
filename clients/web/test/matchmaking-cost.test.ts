import { buildSchema, Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_LIMITS, measureOperation } from '../../../gateway/src/limits';
import apiSchema from '../src/__generated__/schema.graphql?raw';
import documents from '../src/graphql/matchmaking.graphql?raw';

// The gateway refuses an operation whose measured cost or depth exceeds its limits before running it; every
// operation of the matchmaking pages must fit (as the questionnaire pages' do: questionnaires-cost.test.ts).
describe('matchmaking operations within the gateway limits', () => {
  const schema = buildSchema(apiSchema);
  const document = parse(documents);
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const costOf = (name: string) => {
    const operation = operations.find((o) => o.name?.value === name);
    if (!operation) throw new Error(`no operation ${name}`);
    return measureOperation(schema, document, operation, {}).cost;
  };

  it.each(operations.map((o) => [o.name?.value ?? '', o] as const))('%s', (_name, operation) => {
    const measure = measureOperation(schema, document, operation, {});
    expect(measure.cost).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxCost);
    expect(measure.depth).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxDepth);
  });

  it('reads my workshops with one list of registrations, not every economy’s first 50 workshops', () => {
    const byEconomy = parse(
      'query Old { economies { code workshops(first: 50) { id startsAt myRegistration { id status } } } }',
    );
    const [old] = byEconomy.definitions;
    const oldCost = measureOperation(schema, byEconomy, old as never, {}).cost;
    // 50 registrations, each with its workshop's id and start: far below the old scan of the economies.
    expect(costOf('MyWorkshops')).toBeLessThan(oldCost / 10);
  });
});
