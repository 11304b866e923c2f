import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp, renderPage, schemaClient } from './render';
import EconomyRoute, { type EconomyPageData } from '../src/features/economy/economy-page';
const russia: EconomyPageData = {
  code: 'RU',
  name: 'Russia',
  timeZone: 'Europe/Moscow',
  clusterCount: 2,
  registeredAt: '2018-03-01T00:00:00.000Z',
  pageUpdatedAt: '2026-11-20T10:00:00.000Z',
  statistics: {
    publishedClusters: 2,
    members: 1234,
    clustersWithInternationalMemberships: 1,
    internationalMemberships: 3,
    openCooperationOffers: 4,
    successStories: 5,
    internationalSuccessStories: 2,
    bySpecialization: [
      { code: 'aerospace', clusters: 2 },
      { code: 'unknown.code', clusters: 1 },
    ],
    byMemberType: [
      { memberType: 'SME', members: 10 },
      { memberType: 'UNIVERSITY', members: 2 },
    ],
    responseRates: [
      {
        campaignId: 'c1',
        questionnaireKind: 'INTERNATIONALIZATION',
        opensAt: '2026-02-01T00:00:00.000Z',
        audience: 4,
        responded: 3,
        rate: 0.75,
      },
    ],
    asOf: '2026-12-01T00:00:00.000Z',
  },
  statisticsByYear: [
    { year: 2025, publishedClusters: 1, members: 500, openCooperationOffers: 1, successStories: 1 },
    { year: 2026, publishedClusters: 2, members: 1234, openCooperationOffers: 4, successStories: 5 },
  ],
  supportMeasures: [
    {
      id: 'm1',
      name: { text: 'Cluster grants' },
      agency: 'Ministry of Economic Development',
      type: 'GRANT',
      description: 'Co-financing of cluster projects.',
      link: 'https://example.org/grants',
      years: { from: 2016, to: null },
    },
  ],
  institutions: [
    {
      id: 'i1',
      name: { text: 'Russian Cluster Observatory' },
      role: 'cluster mapping and analysis',
      link: null,
    },
  ],
  officials: [
    {
      id: 'o1',
      name: 'Ivan Petrov',
      position: 'Head of cluster policy',
      institution: 'Ministry',
      link: null,
      email: 'ip@example.org',
      phone: '+7 495 000-00-00',
    },
  ],
  clusters: [
    {
      id: 'k1',
      slug: 'kamaz-cluster',
      name: 'Kama Innovation Cluster',
      region: 'Tatarstan',
      specializations: ['aerospace'],
    },
  ],
  workshops: [
    {
      id: 'w1',
      title: { en: 'Cluster B2B week', ru: 'Неделя B2B кластеров' },
      startsAt: '2026-05-12T06:00:00.000Z',
      endsAt: '2026-05-14T15:00:00.000Z',
      timeZone: 'Asia/Vladivostok',
      venue: 'Vladivostok',
      online: false,
      status: 'REGISTRATION_OPEN',
      seatsLeft: 1200,
    },
  ],
  publications: [
    {
      id: 'p1',
      kind: 'POLICY_REVIEW',
      title: 'Cluster policy review 2026',
      summary: 'What changed.',
      language: 'en',
      publishedAt: '2026-10-01T00:00:00.000Z',
    },
  ],
};

function showEconomy(
  url: string,
  economy: EconomyPageData | null | (() => never),
  locale: 'en' | 'ru' = 'en',
) {
  const asked: string[] = [];
  const client = schemaClient({
    economy: ({ code }: { code: string }) => {
      asked.push(code);
      return typeof economy === 'function' ? economy() : economy;
    },
  });
  renderPage(<EconomyRoute />, { client, locale, path: '/economies/:code', url });
  return asked;
}

describe('EconomyPage', () => {
  it('When the economy loads, then its statistics, charts, measures, institutions, officials, clusters, workshops and publications show', async () => {
    const asked = showEconomy('/economies/ru', russia);

    expect(await screen.findByRole('heading', { level: 1, name: 'Russia' })).toBeTruthy();
    expect(asked).toEqual(['RU']);
    const members = screen.getByText('Cluster members').closest('div') as HTMLElement;
    expect(within(members).getByText('1,234')).toBeTruthy();
    // Charts: each a figure named by its caption; the bars are decorative, the values are text.
    const bySpecialization = screen.getByRole('figure', { name: 'Published clusters by specialization' });
    expect(
      within(bySpecialization)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Aerospace2', 'unknown.code1']);
    expect(screen.getByRole('figure', { name: 'Key members by type' }).textContent).toContain('SMEs10');
    const byYear = screen.getByRole('figure', { name: 'Published clusters by year' });
    expect(
      within(byYear)
        .getAllByRole('columnheader')
        .map((c) => c.textContent),
    ).toEqual(['2025', '2026']);
    const rates = screen
      .getByRole('rowheader', { name: 'Internationalization' })
      .closest('tr') as HTMLElement;
    expect(
      within(rates)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['February 1, 2026', '3', '4', '75%']);

    const measures = screen.getByRole('region', { name: 'Support measures' });
    expect(within(measures).getByRole('link', { name: 'Cluster grants' }).getAttribute('href')).toBe(
      'https://example.org/grants',
    );
    expect(measures.textContent).toContain(
      'Grant · Agency: Ministry of Economic Development · Years: since 2016',
    );
    expect(screen.getByRole('region', { name: 'Institutions' }).textContent).toContain(
      'Russian Cluster Observatory',
    );
    expect(screen.getByRole('link', { name: 'ip@example.org' }).getAttribute('href')).toBe(
      'mailto:ip@example.org',
    );
    expect(screen.getByRole('link', { name: 'Kama Innovation Cluster' }).getAttribute('href')).toBe(
      '/clusters/kamaz-cluster',
    );
    const workshops = screen.getByRole('region', { name: 'Workshops' });
    expect(within(workshops).getByRole('link', { name: 'Cluster B2B week' })).toBeTruthy();
    expect(workshops.textContent).toContain('1,200 seats left');
    expect(screen.getByRole('region', { name: 'Publications' }).textContent).toContain('Policy review');
  });

  it('When the page is in Russian, then labels, numbers and dates are Russian', async () => {
    showEconomy('/economies/RU', { ...russia, name: 'Россия' }, 'ru');

    expect(await screen.findByRole('heading', { level: 1, name: 'Россия' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Меры поддержки' })).toBeTruthy();
    const members = screen.getByText('Участники кластеров').closest('div') as HTMLElement;
    expect(members.querySelector('dd')?.textContent).toBe('1\u00a0234'); // Russian groups thousands with a no-break space
    expect(screen.getByText('Авиационно-космическая промышленность')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Неделя B2B кластеров' })).toBeTruthy();
    expect(screen.getByText('1 октября 2026 г.')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Семинары' }).textContent).toContain(
      'Свободных мест: 1\u00a0200',
    );
  });

  it('When no economy has the code, then the page says so', async () => {
    showEconomy('/economies/xx', null);

    expect((await screen.findByRole('alert')).textContent).toBe('There is no APEC economy with the code XX.');
  });

  it('When the gateway fails, then an error with a retry button shows', async () => {
    showEconomy('/economies/RU', () => {
      throw new Error('boom');
    });

    expect((await screen.findByRole('alert')).textContent).toContain('The economy could not be loaded');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('When the app opens /economies/RU, then the route table lazy-loads the economy page', async () => {
    renderApp('/economies/RU', { client: schemaClient({ economy: () => russia }) });

    expect(await screen.findByRole('heading', { level: 1, name: 'Russia' })).toBeTruthy();
    expect(document.title).toContain('Russia');
  });
});
