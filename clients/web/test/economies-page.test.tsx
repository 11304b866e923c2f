import { prerenderStatic } from '@apollo/client/react/ssr';
import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createCache } from '../src/apollo';
import { App } from '../src/app';
import { EconomiesOverviewDocument } from '../src/features/economies/economies-overview-query';
import { EconomiesPage } from '../src/features/economies/economies-page';
import { economiesIn, totalPublishedClusters } from './economies.fixture';

function withMocks(tree: ReactNode, mocks: MockLink.MockedResponse[]) {
  return (
    <MockedProvider mocks={mocks} cache={createCache()}>
      {tree}
    </MockedProvider>
  );
}

// Renders, waits for every query in the tree to settle, then renders again with the results.
async function renderSettled(tree: ReactNode, mocks: MockLink.MockedResponse[]): Promise<string> {
  const { result } = await prerenderStatic({ tree: withMocks(tree, mocks), renderFunction: renderToString });
  return result;
}

function economiesMock(locale: 'en' | 'ru'): MockLink.MockedResponse {
  return {
    request: { query: EconomiesOverviewDocument, variables: { locale } },
    result: { data: { economies: economiesIn(locale) } },
  };
}

function rowHeaders(html: string): string[] {
  return [...html.matchAll(/<th scope="row" lang="\w+">([^<]+)<\/th>/g)].map((match) => match[1] ?? '');
}

describe('EconomiesPage', () => {
  it('When the query is in flight, then a loading status is shown and no table yet', () => {
    const html = renderToString(withMocks(<EconomiesPage locale="en" />, [economiesMock('en')]));

    expect(html).toContain('role="status"');
    expect(html).toContain('Loading economies…');
    expect(html).not.toContain('<table');
  });

  it('When the economies load, then all 21 are listed by name with their cluster counts and the total', async () => {
    const html = await renderSettled(<EconomiesPage locale="en" />, [economiesMock('en')]);

    const names = rowHeaders(html);
    expect(names).toHaveLength(21);
    expect(names[0]).toBe('Australia');
    expect(names.at(-1)).toBe('Viet Nam');
    expect(html).toMatch(
      /<code>US<\/code><\/td><th scope="row" lang="en">United States<\/th><td class="numeric">8<\/td>/,
    );
    expect(html).toContain('<th scope="col">Code</th>');
    expect(html).toMatch(
      new RegExp(
        `Total published clusters</th><td class="numeric" data-testid="total-clusters">${totalPublishedClusters}<`,
      ),
    );
    expect(html).not.toContain('Loading economies…');
  });

  it('When the gateway cannot be reached, then the error says so and shows the underlying message', async () => {
    const html = await renderSettled(<EconomiesPage locale="en" />, [
      {
        request: { query: EconomiesOverviewDocument, variables: { locale: 'en' } },
        error: new TypeError('connect ECONNREFUSED 127.0.0.1:4000'),
      },
    ]);

    expect(html).toContain('role="alert"');
    expect(html).toContain('The gateway is not reachable');
    expect(html).toContain('connect ECONNREFUSED 127.0.0.1:4000');
    expect(html).not.toContain('<table');
  });

  it('When the gateway returns GraphQL errors, then the error says the query failed with the message', async () => {
    const html = await renderSettled(<EconomiesPage locale="en" />, [
      {
        request: { query: EconomiesOverviewDocument, variables: { locale: 'en' } },
        result: { errors: [{ message: 'Subgraph economies is unavailable' }] },
      },
    ]);

    expect(html).toContain('The gateway could not load the economies');
    expect(html).toContain('Subgraph economies is unavailable');
  });
});

describe('App', () => {
  it('When the reader starts in Russian, then the header, toggle and economy names are Russian', async () => {
    // Only a Russian mock exists: the page renders only if the locale reaches the query variables.
    const html = await renderSettled(<App initialLocale="ru" />, [economiesMock('ru')]);

    expect(html).toContain('<h1>Платформа сотрудничества кластеров АТЭС</h1>');
    expect(html).toMatch(/<div class="app" lang="ru">/);
    expect(html).toMatch(/<button type="button" lang="ru" aria-pressed="true">Русский<\/button>/);
    expect(html).toMatch(/<button type="button" lang="en" aria-pressed="false">English<\/button>/);
    expect(rowHeaders(html)[0]).toBe('Австралия');
    expect(html).toContain('Всего опубликованных кластеров');
  });

  it('When the reader starts in English, then the header names the platform', () => {
    const html = renderToString(withMocks(<App />, [economiesMock('en')]));

    expect(html).toContain('<h1>APEC Cluster Collaboration Platform</h1>');
  });
});
