import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import apiSchema from '../src/__generated__/schema.graphql?raw';
import { storeSessionToken } from '../src/apollo';
import { exampleQueries } from '../src/features/explorer/examples';
import { createExplorerFetcher } from '../src/features/explorer/fetcher';

describe('the analyst explorer', () => {
  const schema = buildSchema(apiSchema);

  it('ships the public API schema for its docs (no introspection needed)', () => {
    expect(schema.getQueryType()?.getFields()).toHaveProperty('monitoringReport');
    expect(schema.getType('KpiName')).toBeTruthy();
    // Federation's machinery is not part of the public schema.
    expect(schema.getType('join__Graph')).toBeUndefined();
  });

  for (const example of exampleQueries) {
    it(`example "${example.title}" is valid against the public API schema`, () => {
      expect(validate(schema, parse(example.query)).map((e) => e.message)).toEqual([]);
      if (example.variables) expect(() => JSON.parse(example.variables ?? '')).not.toThrow();
    });
  }

  it('When a session is stored, then queries carry it as a bearer token, and headers typed in GraphiQL win', async () => {
    const sent: Array<{ url: string; init: RequestInit }> = [];
    const fetcher = createExplorerFetcher('/graphql', async (url, init) => {
      sent.push({ url: String(url), init: init ?? {} });
      return new Response(JSON.stringify({ data: { economies: [] } }), { status: 200 });
    });
    storeSessionToken('token-1');

    const result = await fetcher({ query: '{ economies { code } }' });
    await fetcher({ query: '{ economies { code } }' }, { headers: { Authorization: 'Bearer typed' } });

    expect(result).toEqual({ data: { economies: [] } });
    expect(sent[0]?.url).toBe('/graphql');
    expect(sent[0]?.init.method).toBe('POST');
    expect((sent[0]?.init.headers as Record<string, string>).authorization).toBe('Bearer token-1');
    expect(JSON.parse(String(sent[0]?.init.body))).toEqual({ query: '{ economies { code } }' });
    expect((sent[1]?.init.headers as Record<string, string>).authorization).toBe('Bearer typed');
  });

  it('When the gateway answers with something other than JSON, then the result pane shows the status and text', async () => {
    const fetcher = createExplorerFetcher(
      '/graphql',
      async () => new Response('Bad gateway', { status: 502 }),
    );

    expect(await fetcher({ query: '{ economies { code } }' })).toEqual({
      errors: [{ message: 'HTTP 502: Bad gateway' }],
    });
  });
});
