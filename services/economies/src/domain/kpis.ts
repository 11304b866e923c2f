import {
  actorOf,
  type Caller,
  type EventValidator,
  isEconomyCode,
  isSecretariat,
  type OutboxRelay,
  problemsFromZod,
  referenceEconomies,
  requirePrivilege,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import { kpiTargetSet } from '../events/economy-events.js';
import {
  APEC,
  emptyFigure,
  KPI_NAMES,
  type KpiFigureRecord,
  type KpiYearDocument,
  type KpiYearModel,
  kpiYearId,
  MAX_KPI_YEAR,
  MIN_KPI_YEAR,
  toKpiFigureRecord,
} from '../model/kpi.js';
import { changeKpiYear } from './kpi-year.js';

export interface KpiDeps {
  figures: KpiYearModel;
  validator: EventValidator;
  relay: OutboxRelay;
}

const year = z
  .number()
  .int()
  .min(MIN_KPI_YEAR, `must be between ${MIN_KPI_YEAR} and ${MAX_KPI_YEAR}`)
  .max(MAX_KPI_YEAR, `must be between ${MIN_KPI_YEAR} and ${MAX_KPI_YEAR}`);
const economy = z
  .string()
  .transform((s) => s.toUpperCase())
  .refine(isEconomyCode, { message: 'is not one of the 21 APEC economy codes (ISO 3166-1 alpha-2)' });

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  return parsed.data;
}

const kpisFilter = z.object({ year: year.nullish(), economy: economy.nullish() });

/**
 * Figures by year, KPI and economy (APEC-wide first), zero where nothing was counted. Without a year: every year
 * that has a figure or a target; without an economy: the APEC-wide totals and all 21 economies.
 */
export async function readKpis(
  deps: Pick<KpiDeps, 'figures'>,
  filter: { year?: number | null; economy?: string | null },
): Promise<KpiFigureRecord[]> {
  const f = parse(kpisFilter, filter);
  // A year is five documents; all years is a small collection (five documents a year).
  const stored =
    f.year != null
      ? await deps.figures.find({ _id: { $in: KPI_NAMES.map((k) => kpiYearId(k, f.year as number)) } }).lean<KpiYearDocument[]>()
      : await deps.figures.find({}).lean<KpiYearDocument[]>();
  const byId = new Map(stored.map((d) => [d._id, d]));
  const years = f.year != null ? [f.year] : [...new Set(stored.map((d) => d.year))].sort((a, b) => a - b);
  const economies: (string | null)[] = f.economy ? [f.economy] : [null, ...referenceEconomies().map((e) => e.code).sort()];
  const out: KpiFigureRecord[] = [];
  for (const y of years) {
    for (const kpi of KPI_NAMES) {
      const doc = byId.get(kpiYearId(kpi, y));
      for (const code of economies) out.push(toKpiFigureRecord(kpi, y, code, doc?.figures[code ?? APEC]));
    }
  }
  return out;
}

const targetInput = z.object({
  kpi: z.enum(KPI_NAMES),
  year,
  economy: economy.nullish().transform((e) => e ?? null),
  target: z.number().int().min(0, 'must be 0 or more'),
});

/** The secretariat sets a KPI's target for a year and an economy (or APEC-wide); the change is an event. */
export async function setKpiTarget(
  deps: KpiDeps,
  caller: Caller,
  input: { kpi: string; year: number; economy?: string | null; target: number },
): Promise<KpiFigureRecord> {
  const privilege = requirePrivilege(caller, isSecretariat(caller) ? 'secretariat' : null, 'set KPI targets');
  const t = parse(targetInput, input);
  const key = { kpi: t.kpi, year: t.year, economy: t.economy };
  const slot = t.economy ?? APEC;
  const { doc } = await changeKpiYear(deps.figures, deps.validator, t.kpi, t.year, (current) => {
    const figure = current?.figures[slot] ?? emptyFigure();
    const next = { ...figure, target: t.target, version: figure.version + 1 };
    const actor = actorOf(caller, privilege);
    return { figures: { [slot]: next }, events: [kpiTargetSet(key, next.version, t.target, figure.target, actor)] };
  });
  await deps.relay.flush(kpiYearId(t.kpi, t.year)).catch(() => {});
  return toKpiFigureRecord(t.kpi, t.year, t.economy, doc?.figures[slot]);
}
