import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

export const KPI_NAMES = ['ECONOMIES_REGISTERED', 'CLUSTERS_RESPONDED'] as const;
export type KpiName = (typeof KPI_NAMES)[number];

export const MIN_KPI_YEAR = 2000;
export const MAX_KPI_YEAR = 2100;

/** The APEC-wide total's place where an economy code would be in a figure's id. */
export const APEC = 'APEC';

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
    eventId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'kpi_facts', versionKey: false },
);
kpiFactSchema.index({ kpi: 1, year: 1 });

/** The read model: one KPI for one year and economy (or APEC-wide), derived from the facts, with its target. */
export interface KpiFigureDocument {
  _id: string;
  kpi: KpiName;
  year: number;
  economy: string | null;
  value: number;
  /** When the value was counted: a recount that started earlier never overwrites a later one. */
  asOf: Date | null;
  target: number | null;
  version: number;
  outbox: CloudEvent[];
}

const kpiFigureSchema = new Schema<KpiFigureDocument>(
  {
    _id: { type: String, required: true },
    kpi: { type: String, required: true },
    year: { type: Number, required: true },
    economy: { type: String, default: null },
    value: { type: Number, required: true, default: 0 },
    asOf: { type: Date, default: null },
    target: { type: Number, default: null },
    ...outboxSchemaFields,
  },
  { collection: 'kpi_figures', versionKey: false, minimize: false },
);
kpiFigureSchema.index({ year: 1, kpi: 1 });

export type KpiFactModel = Model<KpiFactDocument>;
export type KpiFigureModel = Model<KpiFigureDocument>;

export function kpiFactModel(conn: Connection): KpiFactModel {
  return (conn.models.KpiFact as KpiFactModel | undefined) ?? conn.model<KpiFactDocument>('KpiFact', kpiFactSchema);
}

export function kpiFigureModel(conn: Connection): KpiFigureModel {
  return (
    (conn.models.KpiFigure as KpiFigureModel | undefined) ?? conn.model<KpiFigureDocument>('KpiFigure', kpiFigureSchema)
  );
}

export interface KpiFigureRecord {
  kpi: KpiName;
  year: number;
  economy: string | null;
  value: number;
  target: number | null;
}

export const toKpiFigureRecord = (d: Pick<KpiFigureDocument, 'kpi' | 'year' | 'economy' | 'value' | 'target'>) => ({
  kpi: d.kpi,
  year: d.year,
  economy: d.economy ?? null,
  value: d.value,
  target: d.target ?? null,
});
