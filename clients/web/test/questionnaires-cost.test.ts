import { buildSchema, Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_LIMITS, measureOperation } from '../../../gateway/src/limits';
import apiSchema from '../src/__generated__/schema.graphql?raw';
import documents from '../src/graphql/questionnaires.graphql?raw';

// The gateway refuses an operation whose measured cost or depth exceeds its limits before running it; the
// questionnaire pages' operations must fit (a whole definition selected field by field does not: decision 31).
describe('questionnaire operations within the gateway limits', () => {
  const schema = buildSchema(apiSchema);
  const document = parse(documents);
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);

  it.each(operations.map((o) => [o.name?.value ?? '', o] as const))('%s', (_name, operation) => {
    const measure = measureOperation(schema, document, operation, {});
    expect(measure.cost).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxCost);
    expect(measure.depth).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxDepth);
  });

  it('would refuse the definition selected field by field', () => {
    const fragment = document.definitions.find(
      (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === 'QuestionnaireDefinition',
    );
    const whole = parse(
      `query Whole { currentQuestionnaire(kind: INTERNATIONALIZATION) { ...QuestionnaireDefinition } }`,
    );
    const withFragments = {
      ...whole,
      definitions: [
        ...whole.definitions,
        ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION),
      ],
    };
    expect(fragment).toBeTruthy();
    const [operation] = whole.definitions;
    expect(measureOperation(schema, withFragments, operation as never, {}).cost).toBeGreaterThan(
      DEFAULT_QUERY_LIMITS.maxCost,
    );
  });
});
