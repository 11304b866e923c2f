import { problemsFromZod, validationError } from '@ccp/kit';
import { z } from 'zod';
import {
  APEC_STATISTICS,
  EMPTY_CLUSTER_FIGURES,
  type EconomyStatisticsDocument,
  MAX_STATISTICS_YEAR,
  MIN_STATISTICS_YEAR,
  type StatisticsFigures,
  type StatisticsModels,
  type YearFigures,
} from '../model/statistics.js';
import { currentFigures, yearFigures } from './statistics-figures.js';

export interface StatisticsRecord extends StatisticsFigures {
  asOf: string | null;
}

export type YearStatisticsRecord = YearFigures & { asOf: string | null };

/** A longer range is an export, not a page: the monitoring report covers it. */
export const MAX_STATISTICS_YEARS = 50;

const year = z
  .number()
  .int()
  .min(MIN_STATISTICS_YEAR, `must be between ${MIN_STATISTICS_YEAR} and ${MAX_STATISTICS_YEAR}`)
  .max(MAX_STATISTICS_YEAR, `must be between ${MIN_STATISTICS_YEAR} and ${MAX_STATISTICS_YEAR}`);

const yearRange = z
  .object({ from: year, to: year })
  .refine((r) => r.to >= r.from, { path: ['to'], message: 'must not be before from' })
  .refine((r) => r.to - r.from < MAX_STATISTICS_YEARS, {
    path: ['to'],
    message: `may be at most ${MAX_STATISTICS_YEARS - 1} years after from`,
  });

const NOTHING_YET: Pick<EconomyStatisticsDocument, 'clusters' | 'offers' | 'responseRates'> = {
  clusters: { current: EMPTY_CLUSTER_FIGURES, years: [] },
  offers: { current: { open: 0 }, years: [] },
  responseRates: [],
};

/** When the figures were last recomputed (each section is recomputed when its facts change); null before. */
function asOfOf(doc: EconomyStatisticsDocument | null): string | null {
  const times = [doc?.clustersAsOf, doc?.offersAsOf, doc?.ratesAsOf].flatMap((t) =>
    t ? [new Date(t).getTime()] : [],
  );
  return times.length ? new Date(Math.max(...times)).toISOString() : null;
}

/** Current figures of an economy (or APEC-wide), from its precomputed document; zero before anything was counted. */
export function currentStatistics(doc: EconomyStatisticsDocument | null): StatisticsRecord {
  return { ...currentFigures(doc ?? NOTHING_YET), asOf: asOfOf(doc) };
}

/**
 * The figures as at the end of each year from `from` to `to`; years after the current one are left out, they
 * have not ended. Validated first, so a bad range reads nothing.
 */
export async function yearStatistics(
  load: () => Promise<EconomyStatisticsDocument | null>,
  range: { from: number; to: number },
  now = new Date(),
): Promise<YearStatisticsRecord[]> {
  const parsed = yearRange.safeParse(range);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const last = Math.min(parsed.data.to, now.getUTCFullYear());
  if (last < parsed.data.from) return [];
  const doc = await load();
  const out: YearStatisticsRecord[] = [];
  for (let y = parsed.data.from; y <= last; y++)
    out.push({ ...yearFigures(doc ?? NOTHING_YET, y), asOf: asOfOf(doc) });
  return out;
}

export class StatisticsRepository {
  constructor(private readonly models: Pick<StatisticsModels, 'economies'>) {}

  /** One find for many economies (a page of economies asks for each one's statistics). */
  async byCodes(codes: readonly string[]): Promise<(EconomyStatisticsDocument | null)[]> {
    const docs = await this.models.economies
      .find({ _id: { $in: [...codes] } })
      .lean<EconomyStatisticsDocument[]>();
    const byId = new Map(docs.map((d) => [d._id, d]));
    return codes.map((c) => byId.get(c) ?? null);
  }

  apec(): Promise<EconomyStatisticsDocument | null> {
    return this.models.economies.findById(APEC_STATISTICS).lean<EconomyStatisticsDocument>().exec();
  }
}
