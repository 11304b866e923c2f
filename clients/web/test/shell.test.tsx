import { ApolloLink } from '@apollo/client';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createApolloClient, storeSessionToken } from '../src/apollo';
import { renderApp, schemaClient } from './render';

const home = {
  kpis: () => [
    { kpi: 'ECONOMIES_REGISTERED', year: 2025, value: 9, target: 21, progress: 0.43 },
    { kpi: 'ECONOMIES_REGISTERED', year: 2026, value: 14, target: 21, progress: 0.67 },
  ],
  publications: ({ kind }: { kind: string }) => ({
    totalCount: kind === 'NEWS' ? 1 : 0,
    pageInfo: { hasNextPage: false, endCursor: null },
    nodes:
      kind === 'NEWS'
        ? [
            {
              id: 'p1',
              kind,
              title: 'Workshop in Kazan',
              summary: 'Clusters met.',
              language: 'en',
              publishedAt: '2026-11-01T09:00:00Z',
            },
          ]
        : [],
  }),
};

describe('Shell', () => {
  it('When a page opens, then a skip link leads to the main landmark and the navigation marks the current page', async () => {
    renderApp('/', { client: schemaClient(home) });

    await screen.findByRole('heading', { level: 1, name: /Fostering international cooperation/ });
    const skip = screen.getByRole('link', { name: 'Skip to content' });
    expect(skip.getAttribute('href')).toBe('#main');
    expect(screen.getByRole('main').id).toBe('main');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(nav.querySelector('[aria-current="page"]')?.textContent).toBe('Home');
    await userEvent.tab();
    expect(document.activeElement).toBe(skip);
  });

  it('When the home page loads, then the latest KPI figure and the news show, localized', async () => {
    renderApp('/', { client: schemaClient(home), locale: 'ru' });

    expect(await screen.findByText('Workshop in Kazan')).toBeTruthy();
    const kpi = screen.getByText('Экономик зарегистрировано').closest('li') as HTMLElement;
    expect(kpi.textContent).toContain('14');
    expect(kpi.textContent).toContain('в 2026 г. · цель 21');
    expect(screen.getByText('1 нояб. 2026 г.')).toBeTruthy();
    expect(screen.getAllByText('Пока ничего не опубликовано.')).toHaveLength(2);
  });

  it('When the reader searches from the home page, then the registry opens with the text in its search box', async () => {
    renderApp('/', { client: schemaClient(home) });

    await userEvent.type(
      await screen.findByRole('searchbox', { name: 'Find a cluster' }),
      'aerospace{Enter}',
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Cluster registry' })).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveProperty('value', 'aerospace');
    expect(
      screen.getByRole('navigation', { name: 'Main' }).querySelector('[aria-current="page"]')?.textContent,
    ).toBe('Registry');
  });

  it('When the address is unknown, then a not-found message shows inside the shell with a way home', async () => {
    renderApp('/no/such/page', { client: schemaClient(home) });

    expect((await screen.findByRole('alert')).textContent).toContain('There is no page at this address.');
    expect(screen.getByRole('link', { name: 'Go to the home page' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy();
  });
});

describe('Apollo client', () => {
  function capturingClient() {
    const seen: Array<string | undefined> = [];
    const terminal = new ApolloLink(
      (operation) =>
        new Observable((observer) => {
          seen.push((operation.getContext().headers as Record<string, string> | undefined)?.authorization);
          observer.next({ data: { economies: [] } });
          observer.complete();
        }),
    );
    return { client: createApolloClient('/graphql', terminal), seen };
  }

  it('When a session token is stored, then every operation carries it as a bearer token; without one, none', async () => {
    const { client, seen } = capturingClient();
    const { gql } = await import('@apollo/client');
    const query = gql`query Probe { economies { code } }`;

    await client.query({ query, fetchPolicy: 'network-only' });
    storeSessionToken('s3cr3t');
    await client.query({ query, fetchPolicy: 'network-only' });
    storeSessionToken(null);
    await client.query({ query, fetchPolicy: 'network-only' });

    expect(seen).toEqual([undefined, 'Bearer s3cr3t', undefined]);
  });
});
