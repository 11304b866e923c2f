import { createHash, randomUUID } from 'node:crypto';
import { waitFor } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MonitoringReport, monitoringReport } from '../src/domain/report.js';
import { KPI_NAMES } from '../src/model/kpi.js';
import { csvCell, MONITORING_CSV_COLUMNS, toCsv } from '../src/routes/report-csv.js';
import { escapeHtml, monitoringHtml } from '../src/routes/report-html.js';
import { anonymous, callers, type Economies, registered, startEconomies, submitted } from './harness.js';

let app: Economies<'cluster' | 'user' | 'economy' | 'response'>;
const { secretariat } = callers('1');

/** The report year and the year it is compared with (far from other test files' years). */
const YEAR = 2036;
const BASELINE = 2034;
const ECONOMY_COUNT = 21;

const REPORT = `query($y: Int!, $c: Int, $k: KpiName, $e: ID) {
  monitoringReport(year: $y, compareWith: $c) {
    year generatedAt
    kpis { kpi number label { en ru } definition { en ru } }
    figures(kpi: $k, economy: $e) { kpi economy { code name } value target progress breakdown { key value } }
    comparison { fromYear toYear changes(kpi: $k, economy: $e) { kpi economy { code } from to change changePct } }
  }
}`;

const SET_TARGET = `mutation($k: KpiName!, $y: Int!, $e: ID, $t: Int!) {
  setKpiTarget(kpi: $k, year: $y, economy: $e, target: $t) { target }
}`;

async function get(path: string, init: RequestInit = {}) {
  const res = await fetch(`${app.url}${path}`, init);
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, text, json };
}

/** Whether the events below are counted: KPI 1 and KPI 2 in both years. */
async function counted(): Promise<boolean> {
  const report = await monitoringReport(app.deps, { year: YEAR, compareWith: BASELINE });
  const apec = (kpi: string) => report.kpis.find((k) => k.kpi === kpi)?.apec.value;
  const from = (kpi: string) => report.comparison?.kpis.find((k) => k.kpi === kpi)?.apec.from;
  return (
    apec('ECONOMIES_REGISTERED') === 2 &&
    apec('CLUSTERS_RESPONDED') === 2 &&
    from('CLUSTERS_RESPONDED') === 3 &&
    from('ECONOMIES_REGISTERED') === 1
  );
}

beforeAll(async () => {
  app = await startEconomies('economies_report', {
    topics: ['cluster', 'user', 'economy', 'response'],
    consumers: 'all',
    http: true,
  });

  // Baseline year: PE registers; clusters a and b (PE) and c (CL) answer. Report year: CL and MX register;
  // a (PE) answers again and d (MX) for the first time.
  const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  await app.send(
    app.topics.economy,
    registered('PE', new Date(`${BASELINE}-03-01T00:00:00Z`)),
    registered('CL', new Date(`${YEAR}-02-01T00:00:00Z`)),
    registered('MX', new Date(`${YEAR}-05-01T00:00:00Z`)),
  );
  await app.send(
    app.topics.response,
    submitted(a, 'PE', 'internationalization', new Date(`${BASELINE}-04-01T00:00:00Z`)),
    submitted(b, 'PE', 'internationalization', new Date(`${BASELINE}-04-02T00:00:00Z`)),
    submitted(c, 'CL', 'internationalization', new Date(`${BASELINE}-04-03T00:00:00Z`)),
    submitted(a, 'PE', 'internationalization', new Date(`${YEAR}-04-01T00:00:00Z`)),
    submitted(d, 'MX', 'internationalization', new Date(`${YEAR}-04-02T00:00:00Z`)),
  );
  for (const [k, e, t] of [
    ['CLUSTERS_RESPONDED', null, 8],
    ['CLUSTERS_RESPONDED', 'PE', 4],
    ['ECONOMIES_REGISTERED', null, 4],
  ] as const) {
    const res = await app.execute(secretariat, SET_TARGET, { k, y: YEAR, e, t });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
  await waitFor(async () => ((await counted()) ? true : undefined), { timeoutMs: 45_000 });
}, 90_000);

afterAll(async () => {
  await app?.stop();
});

type Row = { kpi: string; economy: { code: string; name?: string } | null } & Record<string, unknown>;
const rowOf = (rows: Row[], kpi: string, code: string | null) =>
  rows.find((r) => r.kpi === kpi && (r.economy?.code ?? null) === code);

describe('monitoring report (GraphQL)', () => {
  it('When anyone asks for a year compared with another, then every KPI has its APEC-wide and 21 economies’ figures against target, and each its change', async () => {
    const res = await app.execute(anonymous, REPORT, { y: YEAR, c: BASELINE });

    expect(res.errors).toBeUndefined();
    const report = res.data.monitoringReport;
    expect(report.year).toBe(YEAR);
    expect(Date.parse(report.generatedAt)).not.toBeNaN();
    expect(report.kpis.map((k: { kpi: string }) => k.kpi)).toEqual([...KPI_NAMES]);
    const responded = report.kpis.find((k: { kpi: string }) => k.kpi === 'CLUSTERS_RESPONDED');
    expect(responded).toMatchObject({
      number: 2,
      label: { en: 'Clusters that answered the internationalization questionnaire' },
    });
    expect(responded.definition.en).toMatch(/internationalization questionnaire/);
    expect(responded.definition.ru).toMatch(/анкету/);

    const figures: Row[] = report.figures;
    expect(figures).toHaveLength(KPI_NAMES.length * (1 + ECONOMY_COUNT));
    const rows = figures.filter((f) => f.kpi === 'CLUSTERS_RESPONDED');
    // APEC-wide first, then APEC's order, names as APEC gives them.
    expect(rows.slice(0, 7).map((f) => f.economy?.code ?? 'APEC')).toEqual([
      'APEC',
      'AU',
      'BN',
      'CA',
      'CL',
      'CN',
      'HK',
    ]);
    expect(rowOf(figures, 'CLUSTERS_RESPONDED', 'HK')?.economy?.name).toBe('Hong Kong, China');
    expect(rowOf(figures, 'CLUSTERS_RESPONDED', null)).toMatchObject({
      value: 2,
      target: 8,
      progress: 0.25,
      breakdown: null,
    });
    expect(rowOf(figures, 'CLUSTERS_RESPONDED', 'PE')).toMatchObject({ value: 1, target: 4, progress: 0.25 });
    expect(rowOf(figures, 'CLUSTERS_RESPONDED', 'MX')).toMatchObject({
      value: 1,
      target: null,
      progress: null,
    });
    expect(rowOf(figures, 'CLUSTERS_RESPONDED', 'CL')).toMatchObject({
      value: 0,
      target: null,
      progress: null,
    });
    expect(rowOf(figures, 'ECONOMIES_REGISTERED', null)).toMatchObject({
      value: 2,
      target: 4,
      progress: 0.5,
    });

    const comparison = report.comparison;
    expect(comparison).toMatchObject({ fromYear: BASELINE, toYear: YEAR });
    const changes: Row[] = comparison.changes;
    expect(changes).toHaveLength(KPI_NAMES.length * (1 + ECONOMY_COUNT));
    const apec = rowOf(changes, 'CLUSTERS_RESPONDED', null);
    expect(apec).toMatchObject({ from: 3, to: 2, change: -1 });
    expect(apec?.changePct).toBeCloseTo(-33.333, 2);
    expect(rowOf(changes, 'CLUSTERS_RESPONDED', 'PE')).toMatchObject({
      from: 2,
      to: 1,
      change: -1,
      changePct: -50,
    });
    expect(rowOf(changes, 'CLUSTERS_RESPONDED', 'MX')).toMatchObject({
      from: 0,
      to: 1,
      change: 1,
      changePct: null,
    });
    expect(rowOf(changes, 'ECONOMIES_REGISTERED', null)).toMatchObject({
      from: 1,
      to: 2,
      change: 1,
      changePct: 100,
    });
  });

  it('When the rows are narrowed to a KPI and an economy (or APEC), then only those come, figures and changes alike', async () => {
    const pe = await app.execute(anonymous, REPORT, {
      y: YEAR,
      c: BASELINE,
      k: 'CLUSTERS_RESPONDED',
      e: 'pe',
    });
    const totals = await app.execute(anonymous, REPORT, { y: YEAR, e: 'APEC' });

    expect(pe.data.monitoringReport.figures).toEqual([
      {
        kpi: 'CLUSTERS_RESPONDED',
        economy: { code: 'PE', name: 'Peru' },
        value: 1,
        target: 4,
        progress: 0.25,
        breakdown: null,
      },
    ]);
    expect(pe.data.monitoringReport.comparison.changes).toEqual([
      { kpi: 'CLUSTERS_RESPONDED', economy: { code: 'PE' }, from: 2, to: 1, change: -1, changePct: -50 },
    ]);
    expect(totals.data.monitoringReport.figures.map((f: Row) => [f.kpi, f.economy])).toEqual(
      KPI_NAMES.map((k) => [k, null]),
    );
  });

  it('When no year is compared, then the report has no comparison', async () => {
    const res = await app.execute(anonymous, REPORT, { y: YEAR });
    expect(res.errors).toBeUndefined();
    expect(res.data.monitoringReport.comparison).toBeNull();
  });

  it('When the year is out of range or compared with itself, or the rows are narrowed to no economy, then it is refused with the field at fault', async () => {
    const fields = [];
    for (const v of [{ y: 1999 }, { y: YEAR, c: YEAR }, { y: YEAR, c: 2101 }, { y: YEAR, e: 'XX' }]) {
      const res = await app.execute(anonymous, REPORT, v);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      fields.push(res.errors?.[0]?.extensions?.field);
    }
    expect(fields).toEqual(['year', 'compareWith', 'compareWith', 'economy']);
  });
});

describe('monitoring report exports', () => {
  it('When the JSON is fetched without any caller token, then it is the report with the comparison', async () => {
    const res = await get(`/public/reports/monitoring.json?year=${YEAR}&compare=${BASELINE}`);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const report = res.json as MonitoringReport;
    expect(report.year).toBe(YEAR);
    expect(report.kpis).toHaveLength(KPI_NAMES.length);
    const responded = report.kpis.find((k) => k.kpi === 'CLUSTERS_RESPONDED');
    expect(responded?.apec).toEqual({ value: 2, target: 8, progress: 0.25 });
    expect(responded?.economies.find((e) => e.economy === 'PE')).toEqual({
      economy: 'PE',
      name: 'Peru',
      value: 1,
      target: 4,
      progress: 0.25,
    });
    expect(
      report.comparison?.kpis
        .find((k) => k.kpi === 'CLUSTERS_RESPONDED')
        ?.economies.find((e) => e.economy === 'PE'),
    ).toEqual({
      economy: 'PE',
      name: 'Peru',
      from: 2,
      to: 1,
      change: -1,
      changePct: -50,
    });
  });

  it('When the CSV is fetched, then it has the stable header and one row per KPI × (APEC + 21 economies), RFC 4180 with CRLF', async () => {
    const res = await get(`/public/reports/monitoring.csv?year=${YEAR}&compare=${BASELINE}`);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="apec-ccp-monitoring-${YEAR}-vs-${BASELINE}.csv"`,
    );
    expect(res.text.endsWith('\r\n')).toBe(true);
    const lines = res.text.slice(0, -2).split('\r\n');
    expect(lines[0]).toBe(
      'year,kpi,economy,economy_name,value,target,progress,compare_year,compare_value,change',
    );
    expect(lines).toHaveLength(1 + KPI_NAMES.length * (1 + ECONOMY_COUNT));
    expect(lines).toContain(`${YEAR},CLUSTERS_RESPONDED,APEC,APEC,2,8,0.25,${BASELINE},3,-1`);
    expect(lines).toContain(`${YEAR},CLUSTERS_RESPONDED,PE,Peru,1,4,0.25,${BASELINE},2,-1`);
    expect(lines).toContain(`${YEAR},CLUSTERS_RESPONDED,MX,Mexico,1,,,${BASELINE},0,1`);
    expect(lines).toContain(`${YEAR},CLUSTERS_RESPONDED,HK,"Hong Kong, China",0,,,${BASELINE},0,0`);
    expect(lines).toContain(`${YEAR},ECONOMIES_REGISTERED,APEC,APEC,2,4,0.5,${BASELINE},1,1`);

    const plain = await get(`/public/reports/monitoring.csv?year=${YEAR}`);
    expect(plain.text.split('\r\n')[0]).toBe(MONITORING_CSV_COLUMNS.join(','));
    expect(plain.text).toContain(`${YEAR},CLUSTERS_RESPONDED,PE,Peru,1,4,0.25\r\n`);
    expect(plain.headers.get('content-disposition')).toBe(
      `attachment; filename="apec-ccp-monitoring-${YEAR}.csv"`,
    );
  });

  it('When the printable page is fetched, then it is one self-contained HTML page with a table per KPI, its style allowed by its CSP and nothing else', async () => {
    const res = await get(`/public/reports/monitoring.html?year=${YEAR}&compare=${BASELINE}`);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = res.text;
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(page).toContain(`<h1>Blueprint monitoring report ${YEAR}</h1>`);
    expect(page).toContain('@media print');
    expect(page.match(/<table>/g)).toHaveLength(KPI_NAMES.length);
    expect(page).toContain('<th scope="row">Hong Kong, China</th>');
    // Peru in the responded table: value, target, progress, the compared year's value, the change and its %.
    expect(page).toContain(
      '<th scope="row">Peru</th><td>1</td><td>4</td><td>25%</td><td>2</td><td>\u22121</td><td>\u221250</td>',
    );
    expect(page).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import|\sstyle=/i);
    const style = /<style>([\s\S]*)<\/style>/.exec(page)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(res.headers.get('content-security-policy')).toContain(`style-src 'sha256-${hash}'`);
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);

    const ru = await get(`/public/reports/monitoring.html?year=${YEAR}&lang=ru`);
    expect(ru.text).toContain('<html lang="ru">');
    expect(ru.text).toContain('<th scope="row">Гонконг, Китай</th>');
    expect(ru.text).toContain('КПЭ 2. Кластеры, ответившие на анкету по интернационализации');
  });

  it('When a report is asked for with HEAD, then the headers come without a body; another method is 405', async () => {
    const head = await get(`/public/reports/monitoring.csv?year=${YEAR}`, { method: 'HEAD' });
    const post = await get(`/public/reports/monitoring.json?year=${YEAR}`, { method: 'POST', body: '{}' });

    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect(head.text).toBe('');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('When a query parameter is missing, malformed, repeated or out of range, then 400 with {error, field}', async () => {
    const cases: [string, string][] = [
      ['monitoring.json', 'year'],
      ['monitoring.json?year=abc', 'year'],
      ['monitoring.csv?year=2026.5', 'year'],
      ['monitoring.csv?year=1999', 'year'],
      [`monitoring.json?year=${YEAR}&year=${BASELINE}`, 'year'],
      [`monitoring.json?year=${YEAR}&compare=${YEAR}`, 'compare'],
      [`monitoring.csv?year=${YEAR}&compare=soon`, 'compare'],
      [`monitoring.html?year=${YEAR}&compare=2101`, 'compare'],
      [`monitoring.html?year=${YEAR}&lang=fr`, 'lang'],
    ];
    const answers = [];
    for (const [path] of cases) {
      const res = await get(`/public/reports/${path}`);
      answers.push([path, res.status, res.json?.field, typeof res.json?.error]);
      // The URL's names, not the domain's.
      expect(res.json?.error, path).not.toMatch(/compareWith/);
    }
    expect(answers).toEqual(cases.map(([path, field]) => [path, 400, field, 'string']));
  });
});

describe('report writers', () => {
  it('When a CSV text cell is hostile, then formulas are neutralised and quotes, commas and line breaks are RFC 4180-quoted; numbers stay numbers', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""click"")"`,
    );
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('Hong Kong, China')).toBe('"Hong Kong, China"');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell('safe text')).toBe('safe text');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(
      toCsv([
        ['a', 'b'],
        [1, '=1+1'],
      ]),
    ).toBe("a,b\r\n1,'=1+1\r\n");
  });

  it('When report texts carry markup, then the page escapes them', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
    const hostile = '<img src=x onerror=alert(1)>';
    const report: MonitoringReport = {
      year: YEAR,
      generatedAt: new Date().toISOString(),
      kpis: [
        {
          kpi: 'CLUSTERS_RESPONDED',
          number: null,
          label: { en: hostile, ru: hostile },
          definition: { en: hostile, ru: hostile },
          apec: { value: 3, target: null, progress: null, breakdown: [{ key: hostile, value: 3 }] },
          economies: [{ economy: 'PE', name: hostile, value: 3, target: null, progress: null }],
        },
      ],
    };

    const page = monitoringHtml(report, 'en');

    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // The breakdown of a KPI that has one is shown APEC-wide.
    expect(page).toContain('<h3>Breakdown, APEC-wide</h3>');
  });
});
