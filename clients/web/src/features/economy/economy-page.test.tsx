import { prerenderStatic } from '@apollo/client/react/ssr';
import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createCache } from '../../apollo';
import { type EconomyPageData, EconomyPageDocument } from './economy-query';
import { EconomyPage, economyPageVariables } from './economy-page';

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

function mock(code: string, locale: 'en' | 'ru', economy: EconomyPageData | null): MockLink.MockedResponse {
  return {
    request: { query: EconomyPageDocument, variables: economyPageVariables(code, locale) },
    result: { data: { economy: economy ? { __typename: 'Economy', ...economy } : null } },
  };
}

async function render(code: string, locale: 'en' | 'ru', mocks: MockLink.MockedResponse[]) {
  const { result } = await prerenderStatic({
    tree: (
      <MockedProvider mocks={mocks} cache={createCache()}>
        <EconomyPage code={code} locale={locale} />
      </MockedProvider>
    ),
    renderFunction: renderToString,
  });
  return result;
}

describe('EconomyPage', () => {
  it('When the economy loads, then its statistics, charts, measures, institutions, officials, clusters, workshops and publications show', async () => {
    const html = await render('ru', 'en', [mock('RU', 'en', russia)]);

    expect(html).toContain('<h1 id="economy-heading">Russia</h1>');
    expect(html).toContain('1,234'); // members, grouped as English numbers are
    expect(html).toContain('Aerospace'); // specialization code shown by its taxonomy name
    expect(html).toContain('unknown.code'); // an unknown code is shown as is
    expect(html).toContain('SMEs');
    expect(html).toContain('75%');
    expect(html).toContain('Cluster grants');
    expect(html).toContain('since 2016');
    expect(html).toContain('Russian Cluster Observatory');
    expect(html).toContain('mailto:ip@example.org');
    expect(html).toContain('href="/clusters/kamaz-cluster"');
    expect(html).toContain('Cluster B2B week');
    expect(html).toContain('1,200 seats left');
    expect(html).toContain('Policy review');
    // Charts: one figure per chart, each named by its caption, bars decorative next to text values.
    expect(html.match(/<figure class="chart"/g)).toHaveLength(3);
    expect(html).toContain('aria-hidden="true"');
  });

  it('When the page is in Russian, then labels, numbers and dates are Russian', async () => {
    const html = await render('RU', 'ru', [mock('RU', 'ru', { ...russia, name: 'Россия' })]);

    expect(html).toContain('Меры поддержки');
    expect(html).toContain('1\u00a0234'); // Russian groups thousands with a no-break space
    expect(html).toContain('Авиационно-космическая промышленность');
    expect(html).toContain('Неделя B2B кластеров');
    expect(html).toContain('1 октября 2026');
    expect(html).toContain('Свободных мест: 1\u00a0200');
  });

  it('When no economy has the code, then the page says so', async () => {
    const html = await render('xx', 'en', [mock('XX', 'en', null)]);

    expect(html).toContain('role="alert"');
    expect(html).toContain('There is no APEC economy with the code XX.');
  });

  it('When the gateway fails, then an error with a retry button shows', async () => {
    const html = await render('RU', 'en', [
      {
        request: { query: EconomyPageDocument, variables: economyPageVariables('RU', 'en') },
        error: new Error('boom'),
      },
    ]);

    expect(html).toContain('The economy could not be loaded');
    expect(html).toContain('Try again');
  });
});
