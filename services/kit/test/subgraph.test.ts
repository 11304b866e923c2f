import { describe, expect, it } from 'vitest';
import { mergeResolvers } from '../src/index.js';

describe('merging resolver modules', () => {
  it('When feature modules add fields to shared types, then one map holds every field of every module', () => {
    const query = () => 'q';
    const search = () => 's';
    const name = () => 'n';
    const merged = mergeResolvers<Record<string, Record<string, unknown>>>({ Query: { query } }, [
      { Query: { search } },
      { Cluster: { name } },
    ]);
    expect(merged).toEqual({ Query: { query, search }, Cluster: { name } });
  });

  it('When two modules resolve the same field, then merging throws naming the field', () => {
    const one = { Query: { report: () => 1 } };
    const two = { Query: { report: () => 2 } };
    expect(() => mergeResolvers(one, [two])).toThrow('Query.report is resolved twice');
  });
});
