import { changeRows, figureRows, type MonitoringReport } from '../domain/report.js';
import { APEC } from '../model/kpi.js';

export type CsvCell = string | number | null | undefined;

/** Spreadsheets run a text cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field. Numbers are written as numbers (a negative change stays a number); a text that a
 * spreadsheet would take for a formula gets a leading apostrophe, so it is shown, never run.
 */
export function csvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180: CRLF after every record, the header included. */
export const toCsv = (rows: CsvCell[][]): string =>
  rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');

export const MONITORING_CSV_COLUMNS = [
  'year',
  'kpi',
  'economy',
  'economy_name',
  'value',
  'target',
  'progress',
] as const;
export const COMPARISON_CSV_COLUMNS = ['compare_year', 'compare_value', 'change'] as const;

/** Four decimals are enough for a ratio and keep the file free of float noise (1/3 → 0.3333). */
const ratio = (p: number | null) => (p === null ? null : Number(p.toFixed(4)));

/**
 * One row per KPI × (APEC + the 21 economies): the report year's value, target and progress (value / target),
 * and with a comparison the compared year, its value and the change (value − compare_value). The APEC-wide
 * total is the row whose economy and economy_name are `APEC`.
 */
export function monitoringCsv(report: MonitoringReport): string {
  const comparison = report.comparison;
  const header: CsvCell[] = [...MONITORING_CSV_COLUMNS, ...(comparison ? COMPARISON_CSV_COLUMNS : [])];
  const changes = new Map(
    (comparison ? changeRows(comparison) : []).map((c) => [`${c.kpi}|${c.economy ?? APEC}`, c]),
  );
  const rows: CsvCell[][] = [header];
  for (const figure of figureRows(report)) {
    const economy = figure.economy ?? APEC;
    const row: CsvCell[] = [
      report.year,
      figure.kpi,
      economy,
      figure.name,
      figure.value,
      figure.target,
      ratio(figure.progress),
    ];
    if (comparison) {
      const change = changes.get(`${figure.kpi}|${economy}`);
      row.push(comparison.fromYear, change?.from ?? 0, change?.change ?? figure.value);
    }
    rows.push(row);
  }
  return toCsv(rows);
}
