import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { KpiDashboardQuery } from '../src/__generated__/graphql';
import KpiRoute from '../src/features/kpis/kpi-dashboard';
import { byOutcome, genderBySector, monitoringCsv } from '../src/features/kpis/kpi-data';
import { renderPage, schemaClient } from './render';

type Figure = KpiDashboardQuery['kpis'][number];

const peru = { code: 'PE', name: 'Peru' };
const chile = { code: 'CL', name: 'Chile, "the long"' };

function figure(
  kpi: Figure['kpi'],
  year: number,
  economy: Figure['economy'],
  value: number,
  extra: Partial<Figure> = {},
): Figure {
  return { kpi, year, economy, value, target: null, progress: null, breakdown: [], ...extra };
}

const figures: Figure[] = [
  figure('MEETINGS_HELD', 2025, null, 10, { target: 20, progress: 0.5 }),
  figure('MEETINGS_HELD', 2026, null, 30, {
    target: 40,
    progress: 0.75,
    breakdown: [
      { gender: null, sector: null, outcome: 'COOPERATION_POSSIBLE', value: 18 },
      { gender: null, sector: null, outcome: 'NO_COOPERATION_PLANNED', value: 12 },
    ],
  }),
  figure('MEETINGS_HELD', 2026, peru, 20, { target: 40, progress: 0.5 }),
  figure('MEETINGS_HELD', 2026, chile, 10),
  figure('PARTICIPANTS_CHECKED_IN', 2026, null, 7, {
    breakdown: [
      { gender: 'FEMALE', sector: 'PRIVATE', outcome: null, value: 4 },
      { gender: 'MALE', sector: 'ACADEMIA', outcome: null, value: 2 },
      { gender: 'OTHER', sector: 'PUBLIC', outcome: null, value: 1 },
    ],
  }),
  figure('ECONOMIES_REGISTERED', 2026, null, 2),
];

const report = {
  year: 2026,
  kpis: [
    {
      kpi: 'MEETINGS_HELD',
      number: 4,
      label: { en: 'B2B meetings held at workshops', ru: 'B2B-встречи на семинарах' },
      definition: {
        en: 'Meetings with any outcome but did-not-take-place.',
        ru: 'Встречи с любым итогом, кроме «не состоялась».',
      },
    },
  ],
};

describe('KPI figures', () => {
  it('When KPI 3 has parts, then gender × sector sums them and leaves the rest at zero', () => {
    const matrix = genderBySector(figures[4]);
    expect(matrix.FEMALE.PRIVATE).toBe(4);
    expect(matrix.MALE.ACADEMIA).toBe(2);
    expect(matrix.PREFER_NOT_TO_SAY.PUBLIC).toBe(0);
  });

  it('When KPI 4 has parts, then every outcome is listed in a fixed order', () => {
    expect(byOutcome(figures[1])).toEqual([
      { outcome: 'COOPERATION_POSSIBLE', value: 18 },
      { outcome: 'NO_COOPERATION_PLANNED', value: 12 },
      { outcome: 'INSUFFICIENT_INTEREST', value: 0 },
      { outcome: 'DID_NOT_TAKE_PLACE', value: 0 },
    ]);
  });

  it('When the report is exported, then each KPI has its APEC row first, economies by code, cells quoted as CSV needs', () => {
    const csv = monitoringCsv(figures, 2026, (kpi) => `label ${kpi}`, [
      'kpi',
      'label',
      'year',
      'code',
      'economy',
      'value',
      'target',
      'progress',
    ]);
    expect(csv.split('\r\n')).toEqual([
      'kpi,label,year,code,economy,value,target,progress',
      'ECONOMIES_REGISTERED,label ECONOMIES_REGISTERED,2026,APEC,APEC,2,,',
      'PARTICIPANTS_CHECKED_IN,label PARTICIPANTS_CHECKED_IN,2026,APEC,APEC,7,,',
      'MEETINGS_HELD,label MEETINGS_HELD,2026,APEC,APEC,30,40,0.75',
      'MEETINGS_HELD,label MEETINGS_HELD,2026,CL,"Chile, ""the long""",10,,',
      'MEETINGS_HELD,label MEETINGS_HELD,2026,PE,Peru,20,40,0.5',
      '',
    ]);
  });
});

describe('KpiDashboard', () => {
  function show(url: string, locale: 'en' | 'ru' = 'en') {
    const years: number[] = [];
    const client = schemaClient({
      kpis: () => figures,
      monitoringReport: ({ year }: { year: number }) => {
        years.push(year);
        return report;
      },
    });
    const view = renderPage(<KpiRoute />, { client, locale, path: '/kpis', url });
    return { years, ...view };
  }

  it('When the KPIs load, then each KPI shows its APEC-wide value against its target, by year, by economy and its breakdown', async () => {
    show('/kpis?year=2026');

    const meetings = await screen.findByRole('region', { name: '4. B2B meetings held at workshops' });
    expect(meetings.textContent).toContain('Meetings with any outcome but did-not-take-place.');
    expect(within(meetings).getByText('Target: 40')).toBeTruthy();
    expect(meetings.textContent).toContain('75% of the target');
    const byYear = within(meetings).getByRole('figure', { name: 'APEC-wide by year' });
    expect(
      within(byYear)
        .getAllByRole('columnheader')
        .map((c) => c.textContent),
    ).toEqual(['2025', '2026']);
    expect(
      within(byYear)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['10', '30', 'Target: 20', 'Target: 40']);
    const byEconomy = within(meetings).getByRole('figure', { name: 'By economy, 2026' });
    expect(
      within(byEconomy)
        .getAllByRole('listitem')
        .map((i) => i.textContent),
    ).toEqual(['Peru20 · Target: 40', 'Chile, "the long"10']);
    expect(within(meetings).getByRole('figure', { name: 'Meetings by outcome, 2026' }).textContent).toContain(
      'Cooperation possible18',
    );

    const participants = screen.getByRole('region', { name: 'Workshop participants' });
    const women = within(participants).getByRole('rowheader', { name: 'Women' }).closest('tr') as HTMLElement;
    expect(
      within(women)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['0', '4', '0', '0', '4']);
    expect(
      screen.getByRole('region', { name: 'Success stories of international collaboration' }).textContent,
    ).toContain('No target set');
  });

  it('When another year is chosen, then the address and the report year follow it', async () => {
    const { years, router } = show('/kpis?year=2026');
    await screen.findByRole('region', { name: '4. B2B meetings held at workshops' });

    await userEvent.selectOptions(screen.getByLabelText('Year'), '2025');

    expect(router.state.location.search).toBe('?year=2025');
    expect(await screen.findAllByRole('figure', { name: 'By economy, 2025' })).toHaveLength(5);
    expect(years).toEqual([2026, 2025]);
  });

  it('When the page is in Russian, then the KPI, labels and numbers are Russian and the CSV link is offered', async () => {
    show('/kpis?year=2026', 'ru');

    expect(await screen.findByRole('region', { name: '4. B2B-встречи на семинарах' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'Ключевые показатели «Дорожной карты»',
    );
    const csv = screen.getByRole('link', { name: 'Скачать CSV (2026)' });
    expect(csv.getAttribute('download')).toBe('monitoring-2026.csv');
    const file = decodeURIComponent(csv.getAttribute('href') ?? '');
    expect(file).toContain('kpi,показатель,год,код_экономики,экономика,значение,цель,выполнение\r\n');
    expect(file).toContain('MEETINGS_HELD,B2B-встречи на семинарах,2026,PE,Peru,20,40,0.5\r\n');
    expect(file).toContain(
      'ECONOMIES_REGISTERED,"Экономики, зарегистрированные на платформе",2026,APEC,APEC,2,,\r\n',
    );
    expect(screen.getByRole('link', { name: 'Версия для печати' }).getAttribute('href')).toBe(
      '/reports/monitoring.html?year=2026&lang=ru',
    );
  });
});
