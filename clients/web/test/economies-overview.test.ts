import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { loadFailureHeadline, summarizeEconomies } from '../src/features/economies/economies-overview';
import { messages as bundles } from '../src/features/economies/messages';
import { economiesIn, totalPublishedClusters } from './economies.fixture';

describe('summarizeEconomies', () => {
  it('When economies arrive ordered by code, then they are listed by English name', () => {
    const { economies } = summarizeEconomies(economiesIn('en'), 'en');

    const names = economies.map((e) => e.name);
    expect(names.slice(0, 4)).toEqual(['Australia', 'Brunei Darussalam', 'Canada', 'Chile']);
    expect(names.indexOf('Chinese Taipei')).toBe(names.indexOf('Chile') + 2);
    expect(names.at(-1)).toBe('Viet Nam');
  });

  it('When the names are Russian, then they are listed in Russian alphabetical order', () => {
    const { economies } = summarizeEconomies(economiesIn('ru'), 'ru');

    expect(economies.slice(0, 3).map((e) => e.name)).toEqual(['Австралия', 'Бруней-Даруссалам', 'Вьетнам']);
    expect(economies.at(-1)?.name).toBe('Япония');
  });

  it('When all 21 economies are summarized, then the total is the sum of their published clusters', () => {
    const summary = summarizeEconomies(economiesIn('en'), 'en');

    expect(summary.economies).toHaveLength(21);
    expect(summary.totalClusters).toBe(totalPublishedClusters);
    expect(summary.totalClusters).toBe(51);
  });

  it('When there are no economies, then the total is zero', () => {
    expect(summarizeEconomies([], 'en')).toEqual({ economies: [], totalClusters: 0 });
  });

  it('When sorting, then the query result is left untouched (Apollo freezes it)', () => {
    const fromCache = Object.freeze(economiesIn('en').reverse());

    expect(() => summarizeEconomies(fromCache, 'en')).not.toThrow();
    expect(fromCache[0]?.code).toBe('VN');
  });
});

describe('loadFailureHeadline', () => {
  const messages = bundles.en;

  it('When the request never reached the gateway, then it says the gateway is not reachable', () => {
    expect(loadFailureHeadline(new TypeError('Failed to fetch'), messages)).toBe(
      'The gateway is not reachable',
    );
  });

  it('When the dev proxy answers 500 because the gateway is down, then it says the gateway is not reachable', () => {
    const proxyFailure = new ServerError('Response not successful: Received status code 500', {
      response: new Response('', { status: 500 }),
      bodyText: '',
    });

    expect(loadFailureHeadline(proxyFailure, messages)).toBe('The gateway is not reachable');
  });

  it('When the gateway answered with GraphQL errors, then it says the query failed instead', () => {
    const graphQLErrors = new CombinedGraphQLErrors({
      errors: [{ message: 'economies subgraph unavailable' }],
    });

    expect(loadFailureHeadline(graphQLErrors, messages)).toBe('The gateway could not load the economies');
  });
});
