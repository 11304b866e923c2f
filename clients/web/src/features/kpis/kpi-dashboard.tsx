import { useQuery } from '@apollo/client/react';
import { useId, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { KpiDashboardDocument, type KpiDashboardQuery, type KpiName } from '../../__generated__/graphql';
import { interpolate, type Locale } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { usePageMeta } from '../shell/page-meta';
import { ScrollRegion } from '../shell/scroll-region';
import { BarChart, ColumnChart } from './charts';
import './charts.css';
import './kpis.css';
import {
  apecByYear,
  apecFigure,
  byEconomy,
  byOutcome,
  genderBySector,
  genders,
  kpiOrder,
  monitoringCsv,
  sectors,
  yearsOf,
} from './kpi-data';
import { LoadError } from './load-error';
import { messages } from './messages';

type KpiFigure = KpiDashboardQuery['kpis'][number];
type KpiDescription = KpiDashboardQuery['monitoringReport']['kpis'][number];
type KpiMessages = (typeof messages)['en'];

/** The KPI dashboard: /kpis, ?year=2026 for another year than the current one. */
export default function KpiRoute() {
  const [search, setSearch] = useSearchParams();
  const asked = Number(search.get('year'));
  const year = Number.isInteger(asked) && asked > 1900 ? asked : new Date().getUTCFullYear();
  return <KpiDashboard year={year} onYear={(next) => setSearch({ year: String(next) }, { replace: true })} />;
}

export function KpiDashboard({ year, onYear }: { year: number; onYear: (year: number) => void }) {
  const { locale } = useLocale();
  const m = useMessages(messages);
  usePageMeta({ title: m.heading, description: m.intro });
  const { data, previousData, loading, error, refetch } = useQuery(KpiDashboardDocument, {
    variables: { locale, year },
  });
  const shown = data ?? previousData;
  const selectId = useId();

  const years = useMemo(() => {
    const found = yearsOf(shown?.kpis ?? []);
    return found.includes(year) ? found : [...found, year].sort((a, b) => a - b);
  }, [shown, year]);

  return (
    <section className="kpis" aria-labelledby="kpis-heading" aria-busy={loading}>
      <h1 id="kpis-heading">{m.heading}</h1>
      <p className="muted">{m.intro}</p>
      <div className="kpis__toolbar">
        <label htmlFor={selectId}>{m.year}</label>
        <select id={selectId} value={year} onChange={(event) => onYear(Number(event.target.value))}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
        {shown ? (
          <ReportExport
            figures={shown.kpis}
            descriptions={shown.monitoringReport.kpis}
            year={year}
            locale={locale}
            m={m}
          />
        ) : null}
      </div>
      {error ? (
        <LoadError headline={m.failed} error={error} retry={m.retry} onRetry={refetch} />
      ) : shown ? (
        kpiOrder.map((kpi) => (
          <KpiSection
            key={kpi}
            kpi={kpi}
            description={shown.monitoringReport.kpis.find((d) => d.kpi === kpi)}
            figures={shown.kpis}
            year={year}
          />
        ))
      ) : loading ? (
        <p className="notice" role="status">
          {m.loading}
        </p>
      ) : null}
    </section>
  );
}

/** The report's label of a KPI in the reader's language (else English), or ours for a KPI it does not describe. */
function kpiTitle(
  kpi: KpiName,
  description: KpiDescription | undefined,
  locale: Locale,
  m: KpiMessages,
): string {
  return description ? (locale === 'ru' && description.label.ru) || description.label.en : m[`kpi.${kpi}`];
}

function ReportExport({
  figures,
  descriptions,
  year,
  locale,
  m,
}: {
  figures: KpiFigure[];
  descriptions: KpiDescription[];
  year: number;
  locale: Locale;
  m: KpiMessages;
}) {
  const href = useMemo(() => {
    const csv = monitoringCsv(
      figures,
      year,
      (kpi) =>
        kpiTitle(
          kpi,
          descriptions.find((d) => d.kpi === kpi),
          locale,
          m,
        ),
      m.csvHeader.split(','),
    );
    // A BOM so spreadsheet programs read the Cyrillic as UTF-8.
    return `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${csv}`)}`;
  }, [figures, descriptions, year, locale, m]);
  const query = `year=${year}&lang=${locale}`;
  return (
    <nav className="kpis__export" aria-label={m.export}>
      <a href={href} download={`monitoring-${year}.csv`}>
        {interpolate(m.exportCsv, { year })}
      </a>
      <a href={`/reports/monitoring.html?${query}`}>{m.exportPrintable}</a>
      <a href={`/reports/monitoring.json?${query}`}>{m.exportJson}</a>
    </nav>
  );
}

function KpiSection({
  kpi,
  description,
  figures,
  year,
}: {
  kpi: KpiName;
  description: KpiDescription | undefined;
  figures: KpiFigure[];
  year: number;
}) {
  const { locale, format: formatters } = useLocale();
  const m = useMessages(messages);
  const format = (value: number) => formatters.number(value);
  const percent = { format: (fraction: number) => formatters.percent(fraction) };
  const targetText = (target: string) => interpolate(m.target, { target });
  const apec = apecFigure(figures, kpi, year);
  const id = `kpi-${kpi.toLowerCase()}`;
  const title = kpiTitle(kpi, description, locale, m);
  const definition =
    description?.definition && ((locale === 'ru' && description.definition.ru) || description.definition.en);

  return (
    <section className="kpi" aria-labelledby={id}>
      <h2 id={id}>
        {description?.number ? `${description.number}. ` : ''}
        {title}
      </h2>
      {definition ? <p className="muted">{definition}</p> : null}
      <dl className="kpi__headline">
        <div>
          <dt>{interpolate(m.apecWide, { year })}</dt>
          <dd className="kpi__value">{format(apec?.value ?? 0)}</dd>
        </div>
        <div>
          <dt>{apec?.target != null ? targetText(format(apec.target)) : m.noTarget}</dt>
          <dd>
            {apec?.progress != null ? (
              <>
                <meter min={0} max={1} value={Math.min(1, apec.progress)} aria-label={m[`kpi.${kpi}`]} />{' '}
                {interpolate(m.progress, { percent: percent.format(apec.progress) })}
              </>
            ) : (
              '—'
            )}
          </dd>
        </div>
      </dl>
      <div className="charts">
        <ColumnChart
          title={m.byYear}
          data={apecByYear(figures, kpi).map((f) => ({
            label: String(f.year),
            value: f.value,
            target: f.target,
          }))}
          format={format}
          empty={m.noFigures}
          targetLabel={interpolate(m.target, { target: '' }).replace(/[:\s]+$/, '')}
        />
        <BarChart
          title={interpolate(m.byEconomy, { year })}
          data={byEconomy(figures, kpi, year)
            .filter((f) => f.value > 0 || f.target != null)
            .map((f) => ({ label: f.economy?.name ?? '', value: f.value, target: f.target }))}
          format={format}
          targetText={targetText}
          empty={m.noFigures}
        />
      </div>
      {kpi === 'PARTICIPANTS_CHECKED_IN' ? (
        <GenderBySector figure={apec} year={year} m={m} format={format} />
      ) : null}
      {kpi === 'MEETINGS_HELD' ? (
        <BarChart
          title={interpolate(m.byOutcome, { year })}
          data={byOutcome(apec).map((o) => ({ label: m[`outcomesLabel.${o.outcome}`], value: o.value }))}
          format={format}
          empty={m.noFigures}
        />
      ) : null}
    </section>
  );
}

/** Gender × sector as a table whose cells are shaded by their share, the numbers always written in them. */
function GenderBySector({
  figure,
  year,
  m,
  format,
}: {
  figure: KpiFigure | undefined;
  year: number;
  m: KpiMessages;
  format: (value: number) => string;
}) {
  const matrix = genderBySector(figure);
  const max = Math.max(1, ...genders.flatMap((g) => sectors.map((s) => matrix[g][s])));
  return (
    <ScrollRegion label={interpolate(m.genderSector, { year })}>
      <table className="kpi__matrix">
        <caption>{interpolate(m.genderSector, { year })}</caption>
        <thead>
          <tr>
            <th scope="col">{m.gender}</th>
            {sectors.map((s) => (
              <th key={s} scope="col" className="numeric">
                {m[`sectorsLabel.${s}`]}
              </th>
            ))}
            <th scope="col" className="numeric">
              {m.total}
            </th>
          </tr>
        </thead>
        <tbody>
          {genders.map((g) => (
            <tr key={g}>
              <th scope="row">{m[`gendersLabel.${g}`]}</th>
              {sectors.map((s) => (
                <td
                  key={s}
                  className="numeric"
                  // Light shading only: text stays dark on it at every share (contrast ≥ 7:1).
                  style={{ background: `rgba(11, 92, 171, ${((matrix[g][s] / max) * 0.25).toFixed(3)})` }}
                >
                  {format(matrix[g][s])}
                </td>
              ))}
              <td className="numeric">{format(sectors.reduce((sum, s) => sum + matrix[g][s], 0))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
