import type { MockLink } from '@apollo/client/testing';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { EconomiesOverviewDocument } from '../src/__generated__/graphql';
import EconomiesPage from '../src/features/economies/economies-page';
import { economiesIn, totalPublishedClusters } from './economies.fixture';
import { renderApp, renderPage, schemaClient } from './render';

function economiesMock(locale: 'en' | 'ru'): MockLink.MockedResponse {
  return {
    request: { query: EconomiesOverviewDocument, variables: { locale } },
    result: { data: { economies: economiesIn(locale) } },
  };
}

function rowNames(): string[] {
  return screen
    .getAllByRole('rowheader')
    .slice(0, -1)
    .map((cell) => cell.textContent ?? '');
}

describe('EconomiesPage', () => {
  it('When the query is in flight, then a loading status is shown and no table yet', () => {
    renderPage(<EconomiesPage />, { mocks: [economiesMock('en')] });

    expect(screen.getByRole('status').textContent).toBe('Loading economies…');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('When the economies load, then all 21 are listed by name with their cluster counts and the total', async () => {
    renderPage(<EconomiesPage />, { mocks: [economiesMock('en')] });

    await screen.findByRole('table');
    const names = rowNames();
    expect(names).toHaveLength(21);
    expect(names[0]).toBe('Australia');
    expect(names.at(-1)).toBe('Viet Nam');
    const us = screen.getByRole('rowheader', { name: 'United States' }).closest('tr') as HTMLElement;
    expect(
      within(us)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['US', '8']);
    expect(screen.getByTestId('total-clusters').textContent).toBe(String(totalPublishedClusters));
    expect(screen.queryByText('Loading economies…')).toBeNull();
    expect(document.title).toBe('Economies · APEC Clusters');
  });

  it('When the gateway cannot be reached, then the error says so and shows the underlying message', async () => {
    renderPage(<EconomiesPage />, {
      mocks: [
        {
          request: { query: EconomiesOverviewDocument, variables: { locale: 'en' } },
          error: new TypeError('connect ECONNREFUSED 127.0.0.1:4000'),
        },
      ],
    });

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The gateway is not reachable');
    expect(alert.textContent).toContain('connect ECONNREFUSED 127.0.0.1:4000');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('When the gateway returns GraphQL errors, then the error says the query failed and retry asks again', async () => {
    renderPage(<EconomiesPage />, {
      mocks: [
        {
          request: { query: EconomiesOverviewDocument, variables: { locale: 'en' } },
          result: { errors: [{ message: 'Subgraph economies is unavailable' }] },
        },
        economiesMock('en'),
      ],
    });

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The gateway could not load the economies');
    expect(alert.textContent).toContain('Subgraph economies is unavailable');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table')).toBeTruthy();
  });
});

describe('The app with the economies page', () => {
  it('When the reader switches to Russian, then the shell and the economy names (asked again in Russian) change', async () => {
    // Resolved against the real API schema: the locale must reach the query's variables.
    const client = schemaClient({
      economies: () =>
        economiesIn('en').map((e) => ({
          ...e,
          name: ({ locale }: { locale: string }) =>
            economiesIn(locale as 'en' | 'ru').find((x) => x.code === e.code)?.name,
        })),
    });
    renderApp('/economies', { client });

    await screen.findByRole('table');
    expect(rowNames()[0]).toBe('Australia');
    await userEvent.click(screen.getByRole('button', { name: 'Русский' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Экономики' })).toBeTruthy();
    await screen.findByRole('rowheader', { name: 'Австралия' });
    expect(screen.getByRole('navigation', { name: 'Основное меню' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Русский' }).getAttribute('aria-pressed')).toBe('true');
    expect(document.documentElement.lang).toBe('ru');
    expect(localStorage.getItem('ccp.locale')).toBe('ru');
  });
});
