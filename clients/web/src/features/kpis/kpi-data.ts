import type {
  Gender,
  KpiDashboardQuery,
  KpiName,
  MeetingOutcome as Outcome,
  ParticipantSector as Sector,
} from '../../__generated__/graphql';

type KpiFigure = KpiDashboardQuery['kpis'][number];

/** The Blueprint's order. */
export const kpiOrder: readonly KpiName[] = [
  'ECONOMIES_REGISTERED',
  'CLUSTERS_RESPONDED',
  'PARTICIPANTS_CHECKED_IN',
  'MEETINGS_HELD',
  'SUCCESS_STORIES',
];
export const genders: readonly Gender[] = ['FEMALE', 'MALE', 'OTHER', 'PREFER_NOT_TO_SAY'];
export const sectors: readonly Sector[] = ['PUBLIC', 'PRIVATE', 'ACADEMIA', 'OTHER'];
export const outcomes: readonly Outcome[] = [
  'COOPERATION_POSSIBLE',
  'NO_COOPERATION_PLANNED',
  'INSUFFICIENT_INTEREST',
  'DID_NOT_TAKE_PLACE',
];

/** Every year with a figure or a target, oldest first. */
export function yearsOf(figures: readonly KpiFigure[]): number[] {
  return [...new Set(figures.map((f) => f.year))].sort((a, b) => a - b);
}

/** The APEC-wide figure of a KPI in each year, oldest first. */
export function apecByYear(figures: readonly KpiFigure[], kpi: KpiName): KpiFigure[] {
  return figures.filter((f) => f.kpi === kpi && f.economy === null).sort((a, b) => a.year - b.year);
}

export function apecFigure(figures: readonly KpiFigure[], kpi: KpiName, year: number): KpiFigure | undefined {
  return figures.find((f) => f.kpi === kpi && f.year === year && f.economy === null);
}

/** The economies' figures of a KPI in a year, most first (ties by code), as the API orders economies otherwise. */
export function byEconomy(figures: readonly KpiFigure[], kpi: KpiName, year: number): KpiFigure[] {
  return figures
    .filter((f) => f.kpi === kpi && f.year === year && f.economy !== null)
    .sort((a, b) => b.value - a.value || (a.economy?.code ?? '').localeCompare(b.economy?.code ?? ''));
}

/** KPI 3's APEC-wide participants of a year as gender × sector counts (zero where none). */
export function genderBySector(figure: KpiFigure | undefined): Record<Gender, Record<Sector, number>> {
  const matrix = Object.fromEntries(
    genders.map((g) => [g, Object.fromEntries(sectors.map((s) => [s, 0]))]),
  ) as Record<Gender, Record<Sector, number>>;
  for (const part of figure?.breakdown ?? []) {
    if (part.gender && part.sector) matrix[part.gender][part.sector] += part.value;
  }
  return matrix;
}

/** KPI 4's meetings of a year by outcome, in a fixed order. */
export function byOutcome(figure: KpiFigure | undefined): Array<{ outcome: Outcome; value: number }> {
  return outcomes.map((outcome) => ({
    outcome,
    value: (figure?.breakdown ?? [])
      .filter((p) => p.outcome === outcome)
      .reduce((sum, p) => sum + p.value, 0),
  }));
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The monitoring report of a year as CSV, built from the figures on the page: one row per KPI × (APEC-wide, then
 * the economies), with the KPI's label in the page's language. Progress is a plain decimal (0.5 = 50 %).
 */
export function monitoringCsv(
  figures: readonly KpiFigure[],
  year: number,
  label: (kpi: KpiName) => string,
  header: readonly string[],
): string {
  const rows = kpiOrder.flatMap((kpi) => {
    const apec = apecFigure(figures, kpi, year);
    const economies = figures
      .filter((f) => f.kpi === kpi && f.year === year && f.economy !== null)
      .sort((a, b) => (a.economy?.code ?? '').localeCompare(b.economy?.code ?? ''));
    return [...(apec ? [apec] : []), ...economies].map((f) =>
      [
        kpi,
        label(kpi),
        year,
        f.economy?.code ?? 'APEC',
        f.economy?.name ?? 'APEC',
        f.value,
        f.target,
        f.progress === null ? null : Number(f.progress.toFixed(4)),
      ]
        .map(csvCell)
        .join(','),
    );
  });
  return `${[header.map(csvCell).join(','), ...rows].join('\r\n')}\r\n`;
}
