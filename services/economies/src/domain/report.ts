import { isEconomyCode, problemsFromZod, referenceEconomies, validationError } from '@ccp/kit';
import { z } from 'zod';
import {
  APEC,
  KPI_NAMES,
  type KpiFigureRecord,
  type KpiName,
  MAX_KPI_YEAR,
  MIN_KPI_YEAR,
} from '../model/kpi.js';
import { type KpiDescription, describeKpi } from './report-definitions.js';
import { type KpiDeps, readKpis } from './kpis.js';

/** One part of a KPI figure (e.g. KPI 4's meetings by outcome), when the KPI has one. */
export interface BreakdownEntry {
  key: string;
  value: number;
}

export interface ReportFigure {
  value: number;
  target: number | null;
  /** value / target; null without a target or with a target of 0. */
  progress: number | null;
  breakdown?: BreakdownEntry[];
}

export interface EconomyFigure extends ReportFigure {
  /** ISO 3166-1 alpha-2 code. */
  economy: string;
  /** The English name, as APEC names the economy. */
  name: string;
}

export interface ReportKpi extends KpiDescription {
  kpi: KpiName;
  apec: ReportFigure;
  economies: EconomyFigure[];
}

/** One figure in two years: `change` = to − from; `changePct` is that in % of `from` (null when from is 0). */
export interface FigureChange {
  from: number;
  to: number;
  change: number;
  changePct: number | null;
}

export interface EconomyChange extends FigureChange {
  economy: string;
  name: string;
}

export interface KpiComparison {
  kpi: KpiName;
  apec: FigureChange;
  economies: EconomyChange[];
}

/** A mid-term comparison: the report's year (`toYear`) against the year it is compared with (`fromYear`). */
export interface ReportComparison {
  fromYear: number;
  toYear: number;
  kpis: KpiComparison[];
}

export interface MonitoringReport {
  year: number;
  /** ISO 8601. */
  generatedAt: string;
  kpis: ReportKpi[];
  comparison?: ReportComparison;
}

const year = z
  .number({ message: 'must be a year' })
  .int('must be a whole year')
  .min(MIN_KPI_YEAR, `must be between ${MIN_KPI_YEAR} and ${MAX_KPI_YEAR}`)
  .max(MAX_KPI_YEAR, `must be between ${MIN_KPI_YEAR} and ${MAX_KPI_YEAR}`);

const reportInput = z
  .object({ year, compareWith: year.nullish() })
  .refine((i) => i.compareWith == null || i.compareWith !== i.year, {
    message: 'must be another year than the report year',
    path: ['compareWith'],
  });

export const progressOf = (value: number, target: number | null) => (target ? value / target : null);

/** A figure's breakdown (KPI 3 by `<gender>/<sector>`, KPI 4 by outcome) as entries by key; none when it has no parts. */
function breakdownOf(record: KpiFigureRecord | undefined): BreakdownEntry[] | undefined {
  const entries = Object.entries(record?.breakdown ?? {})
    .map(([key, value]) => ({ key, value }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return entries.length ? entries : undefined;
}

function figureOf(record: KpiFigureRecord | undefined): ReportFigure {
  const value = record?.value ?? 0;
  const target = record?.target ?? null;
  const breakdown = breakdownOf(record);
  return { value, target, progress: progressOf(value, target), ...(breakdown ? { breakdown } : {}) };
}

function changeOf(from: number, to: number): FigureChange {
  return { from, to, change: to - from, changePct: from === 0 ? null : ((to - from) / from) * 100 };
}

const APEC_KEY = '';
const keyOf = (kpi: string, economy: string | null) => `${kpi}|${economy ?? APEC_KEY}`;
const byKey = (records: KpiFigureRecord[]) => new Map(records.map((r) => [keyOf(r.kpi, r.economy), r]));

/**
 * The yearly Blueprint monitoring report: every KPI (in their Blueprint order, whatever KPI_NAMES holds) against
 * its target, APEC-wide and for each of the 21 economies in APEC's order, named as APEC names them; with
 * `compareWith`, each figure of that year beside the report year's and the change between them. Public.
 */
export async function monitoringReport(
  deps: Pick<KpiDeps, 'figures'>,
  input: { year: number; compareWith?: number | null },
): Promise<MonitoringReport> {
  const parsed = reportInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const { year: reportYear, compareWith } = parsed.data;
  const [current, baseline] = await Promise.all([
    readKpis(deps, { year: reportYear }).then(byKey),
    compareWith != null ? readKpis(deps, { year: compareWith }).then(byKey) : undefined,
  ]);
  const economies = referenceEconomies().map((e) => ({ economy: e.code, name: e.name.en }));

  const kpis: ReportKpi[] = KPI_NAMES.map((kpi) => ({
    kpi,
    ...describeKpi(kpi),
    apec: figureOf(current.get(keyOf(kpi, null))),
    economies: economies.map((e) => ({ ...e, ...figureOf(current.get(keyOf(kpi, e.economy))) })),
  }));
  const report: MonitoringReport = { year: reportYear, generatedAt: new Date().toISOString(), kpis };
  if (baseline && compareWith != null) {
    const valueIn = (figures: Map<string, KpiFigureRecord>, kpi: string, economy: string | null) =>
      figures.get(keyOf(kpi, economy))?.value ?? 0;
    const change = (kpi: string, economy: string | null) =>
      changeOf(valueIn(baseline, kpi, economy), valueIn(current, kpi, economy));
    report.comparison = {
      fromYear: compareWith,
      toYear: reportYear,
      kpis: KPI_NAMES.map((kpi) => ({
        kpi,
        apec: change(kpi, null),
        economies: economies.map((e) => ({ ...e, ...change(kpi, e.economy) })),
      })),
    };
  }
  return report;
}

/** One line of the report's table: a KPI for one economy, or APEC-wide (economy null, name `APEC`). */
export interface FigureRow extends ReportFigure {
  kpi: KpiName;
  economy: string | null;
  name: string;
}

export interface ChangeRow extends FigureChange {
  kpi: KpiName;
  economy: string | null;
  name: string;
}

export interface RowFilter {
  kpi?: string | null;
  /** An economy code, or `APEC` for the APEC-wide totals. */
  economy?: string | null;
}

const rowFilter = z.object({
  kpi: z.string().nullish(),
  economy: z
    .string()
    .transform((s) => s.toUpperCase())
    .refine((code) => code === APEC || isEconomyCode(code), {
      message: `is neither ${APEC} nor one of the 21 APEC economy codes (ISO 3166-1 alpha-2)`,
    })
    .nullish(),
});

function matcher(filter: RowFilter) {
  const parsed = rowFilter.safeParse(filter);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const { kpi, economy } = parsed.data;
  return (row: { kpi: string; economy: string | null }) =>
    (!kpi || row.kpi === kpi) && (!economy || (row.economy ?? APEC) === economy);
}

/** The report as rows: per KPI, the APEC-wide total first, then the economies in APEC's order. */
export function figureRows(report: MonitoringReport, filter: RowFilter = {}): FigureRow[] {
  const rows = report.kpis.flatMap((k) => [
    { kpi: k.kpi, economy: null, name: APEC, ...k.apec },
    ...k.economies.map(({ economy, name, ...figure }) => ({ kpi: k.kpi, economy, name, ...figure })),
  ]);
  return rows.filter(matcher(filter));
}

/** The comparison as rows, in the order of `figureRows`. */
export function changeRows(comparison: ReportComparison, filter: RowFilter = {}): ChangeRow[] {
  const rows = comparison.kpis.flatMap((k) => [
    { kpi: k.kpi, economy: null, name: APEC, ...k.apec },
    ...k.economies.map(({ economy, name, ...change }) => ({ kpi: k.kpi, economy, name, ...change })),
  ]);
  return rows.filter(matcher(filter));
}
