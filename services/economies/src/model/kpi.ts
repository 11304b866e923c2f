import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

/** The seed's five Blueprint KPIs, as DESIGN.md defines them. */
export const KPI_NAMES = [
  'ECONOMIES_REGISTERED',
  'CLUSTERS_RESPONDED',
  'PARTICIPANTS_CHECKED_IN',
  'MEETINGS_HELD',
  'SUCCESS_STORIES',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

export const MIN_KPI_YEAR = 2000;
export const MAX_KPI_YEAR = 2100;

/** The APEC-wide total's place where an economy code would be in a figure's id. */
export const APEC = 'APEC';
/** A fact's economy when the unit has none of the 21 (a workshop guest from elsewhere): only in the APEC total. */
export const OUTSIDE_APEC = 'OUTSIDE';

/** `<kpi>:<year>:<economy or APEC>`: the figure's document id and its events' subject. */
export const figureId = (kpi: KpiName, year: number, economy: string | null) => `${kpi}:${year}:${economy ?? APEC}`;

/**
 * One counted unit of a KPI, inserted once under a key that names the unit (`kpi2:<year>:<clusterId>`), so
 * redelivery and replay cannot count it twice. Facts are never changed or removed: figures only grow.
 */
export interface KpiFactDocument {
  _id: string;
  kpi: KpiName;
  year: number;
  economy: string;
  /** The unit's place in its KPI's breakdown (KPI 3 `<gender>/<sector>`, KPI 4 the outcome), or null. */
  breakdown: string | null;
  /** False when the unit counts for its economy only (KPI 5 counts each collaboration once APEC-wide apart). */
  apec: boolean;
  /** The topic partition whose consumer counted it (`<topic>~<partition>`): figures sum per-partition counts. */
  partition: string;
  /** The event that first brought the unit, for tracing. */
  eventId: string;
  at: Date;
}

const kpiFactSchema = new Schema<KpiFactDocument>(
  {
    _id: { type: String, required: true },
    kpi: { type: String, required: true },
    year: { type: Number, required: true },
    economy: { type: String, required: true },
    breakdown: { type: String, default: null },
    apec: { type: Boolean, default: true },
    partition: { type: String, required: true },
    eventId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'kpi_facts', versionKey: false },
);
kpiFactSchema.index({ partition: 1 });

/** What one partition's consumer counted for a figure. */
export interface Contribution {
  n: number;
  by: Record<string, number>;
}

/** One figure: a KPI for a year and an economy (or APEC-wide), with its target. */
export interface KpiFigure {
  value: number;
  breakdown: Record<string, number>;
  /** Each partition's count of facts, only ever raised; value and breakdown are their sums. */
  contributions: Record<string, Contribution>;
  target: number | null;
  /** The figure's own event sequence (`kpi.updated`, `kpi.target-set`). */
  version: number;
}

/**
 * The read model: one KPI for one year, every economy's figure and the APEC-wide one (`APEC`) in one document,
 * so a burst of events costs one write per KPI and year, and a year's KPIs are read in five lookups.
 */
export interface KpiYearDocument {
  _id: string;
  kpi: KpiName;
  year: number;
  figures: Record<string, KpiFigure>;
  version: number;
  outbox: CloudEvent[];
}

/** `<kpi>:<year>`: the document holding a KPI's figures for a year. */
export const kpiYearId = (kpi: KpiName, year: number) => `${kpi}:${year}`;

export const emptyFigure = (): KpiFigure => ({ value: 0, breakdown: {}, contributions: {}, target: null, version: 0 });

const kpiYearSchema = new Schema<KpiYearDocument>(
  {
    _id: { type: String, required: true },
    kpi: { type: String, required: true },
    year: { type: Number, required: true },
    figures: { type: Object, default: {} },
    ...outboxSchemaFields,
  },
  { collection: 'kpi_years', versionKey: false, minimize: false },
);

export type KpiFactModel = Model<KpiFactDocument>;
export type KpiYearModel = Model<KpiYearDocument>;

export function kpiFactModel(conn: Connection): KpiFactModel {
  return (conn.models.KpiFact as KpiFactModel | undefined) ?? conn.model<KpiFactDocument>('KpiFact', kpiFactSchema);
}

export function kpiYearModel(conn: Connection): KpiYearModel {
  return (conn.models.KpiYear as KpiYearModel | undefined) ?? conn.model<KpiYearDocument>('KpiYear', kpiYearSchema);
}

export interface KpiFigureRecord {
  kpi: KpiName;
  year: number;
  economy: string | null;
  value: number;
  breakdown: Record<string, number>;
  target: number | null;
}

export const toKpiFigureRecord = (
  kpi: KpiName,
  year: number,
  economy: string | null,
  f: Pick<KpiFigure, 'value' | 'breakdown' | 'target'> = emptyFigure(),
): KpiFigureRecord => ({ kpi, year, economy, value: f.value, breakdown: f.breakdown ?? {}, target: f.target ?? null });
