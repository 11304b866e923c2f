import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { storeSessionToken } from '../src/apollo';
import { readQuery, writeQuery } from '../src/features/registry/registry-state';
import { renderApp, schemaClient } from './render';

interface Args {
  filter?: { economies?: string[]; text?: string };
  after?: string | null;
  first?: number;
  sort?: string;
}

const all = Array.from({ length: 30 }, (_, i) => ({
  id: `c${i}`,
  slug: `cluster-${String(i).padStart(2, '0')}`,
  name: `Cluster ${String(i).padStart(2, '0')}`,
  economyCode: i % 3 === 0 ? 'JP' : 'CN',
  region: i % 3 === 0 ? 'Kansai' : 'Guangdong',
  specializations: ['ICT'],
  memberCount: 10 + i,
  founded: 2000 + (i % 20),
  completeness: 0.5,
  updatedAt: '2026-11-01T00:00:00Z',
}));

function registry(calls: Args[]) {
  return {
    economies: () => [
      { code: 'CN', name: 'China' },
      { code: 'JP', name: 'Japan' },
    ],
    specializations: () => [{ code: 'ICT', name: 'Information and communication technologies' }],
    clusters: (args: Args) => {
      calls.push(args);
      const matching = all.filter(
        (c) =>
          (!args.filter?.economies || args.filter.economies.includes(c.economyCode)) &&
          (!args.filter?.text || c.name.includes(args.filter.text)),
      );
      const start = args.after ? Number(args.after) : 0;
      const first = args.first ?? 50;
      const count = (code: string) => matching.filter((c) => c.economyCode === code).length;
      return {
        totalCount: matching.length,
        pageInfo: { hasNextPage: start + first < matching.length, endCursor: String(start + first) },
        nodes: matching.slice(start, start + first),
        facets: {
          economies: [
            { value: 'CN', count: count('CN') },
            { value: 'JP', count: count('JP') },
          ].filter((f) => f.count > 0),
          specializations: [{ value: 'ICT', count: matching.length }],
          memberTypes: [],
          internationalMembership: [
            { value: 'true', count: 2 },
            { value: 'false', count: matching.length - 2 },
          ],
        },
      };
    },
    clusterExport: () => ({
      filename: 'clusters.csv',
      contentType: 'text/csv',
      content: 'name\nCluster 00\n',
      rowCount: 1,
    }),
    mySavedSearches: () => [
      {
        id: 's1',
        name: 'Japan',
        notify: false,
        createdAt: '2026-11-01T00:00:00Z',
        filter: {
          economies: ['JP'],
          specializations: [],
          memberTypes: [],
          internationalMembership: null,
          text: null,
        },
      },
    ],
  };
}

function names(): string[] {
  const table = screen.getByRole('table');
  return within(table)
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent ?? '');
}

describe('Registry', () => {
  it('When the registry opens, then the first page of clusters shows with the count, economy names and facet counts', async () => {
    renderApp('/registry', { client: schemaClient(registry([])) });

    expect(await screen.findByText('30 clusters')).toBeTruthy();
    expect(names()).toHaveLength(25);
    const row = screen.getByRole('rowheader', { name: 'Cluster 00' }).closest('tr') as HTMLElement;
    expect(within(row).getAllByRole('cell')[0]?.textContent).toBe('Japan');
    expect(screen.getByRole('link', { name: 'Cluster 00' }).getAttribute('href')).toBe(
      '/clusters/cluster-00',
    );
    expect(screen.getByRole('checkbox', { name: 'Japan 10' })).toBeTruthy();
  });

  it('When the reader ticks an economy, then only its clusters are asked for and the next page follows the cursor', async () => {
    const calls: Args[] = [];
    renderApp('/registry', { client: schemaClient(registry(calls)) });

    await userEvent.click(await screen.findByRole('checkbox', { name: /Japan/ }));
    expect(await screen.findByText('10 clusters')).toBeTruthy();
    expect(calls.at(-1)?.filter).toEqual({ economies: ['JP'] });
    expect(screen.getByRole('button', { name: 'Next page' })).toHaveProperty('disabled', true);

    await userEvent.click(screen.getByRole('checkbox', { name: /Japan/ }));
    await screen.findByText('30 clusters');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByRole('rowheader', { name: 'Cluster 25' });
    expect(names()).toHaveLength(5);
    expect(calls.at(-1)?.after).toBe('25');
    await userEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByRole('rowheader', { name: 'Cluster 00' })).toBeTruthy();
  });

  it('When the reader searches text in Russian, then the text filter applies and the labels are Russian', async () => {
    const calls: Args[] = [];
    renderApp('/registry?q=Cluster%201', { client: schemaClient(registry(calls)), locale: 'ru' });

    expect(await screen.findByText('Кластеров: 10')).toBeTruthy();
    expect(calls.at(-1)).toMatchObject({ filter: { text: 'Cluster 1' }, sort: 'RELEVANCE' });
    expect(screen.getByRole('combobox', { name: 'Сортировка' })).toHaveProperty('value', 'RELEVANCE');
  });

  it('When the reader downloads CSV, then the export of the current filter is saved as a file', async () => {
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return 'blob:test';
    });
    renderApp('/registry', { client: schemaClient(registry([])) });

    await userEvent.click(await screen.findByRole('button', { name: 'Download CSV' }));
    expect((await screen.findByText('1 rows downloaded')).getAttribute('role')).toBe('status');
    expect(await created[0]?.text()).toBe('name\nCluster 00\n');
  });

  it('When a signed-in user opens a saved search, then its filter is applied', async () => {
    storeSessionToken('token');
    renderApp('/registry', { client: schemaClient(registry([])) });

    await userEvent.click(await screen.findByRole('button', { name: 'Japan' }));
    expect(await screen.findByText('10 clusters')).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: /Japan/ })).toHaveProperty('checked', true);
  });

  it('When the address is read and written back, then the filter survives the round trip', () => {
    const params = new URLSearchParams('q=bio&economy=CN&economy=JP&spec=ICT&intl=1&sort=UPDATED');
    expect(writeQuery(readQuery(params)).toString()).toBe(params.toString());
    expect(readQuery(new URLSearchParams('sort=BOGUS')).sort).toBe('NAME');
  });
});
