import { type Connection, type Model, Schema } from 'mongoose';
import { type CloudEvent, type EconomyReference, outboxSchemaFields } from '@ccp/kit';
import { type EconomyPage, type EconomyPageFields, economyPageSchemaFields, toEconomyPage } from './economy-page.js';

export interface EconomyRecord {
  code: string;
  names: { en: string; ru?: string | null };
  centroid: { lat: number; lng: number };
  timeZone: string;
  clusterCount: number;
  registeredAt: string | null;
  /** Support measures, institutions and officials; absent on entity references made from reference data. */
  page?: EconomyPage;
  /** Made from reference data alone (an entity reference): counted facts are read when asked for. */
  partial?: boolean;
}

export interface EconomyDocument extends EconomyPageFields {
  _id: string;
  names: { en: string; ru?: string };
  centroid: { lat: number; lng: number };
  timeZone: string;
  clusterCount: number;
  /** When the count was computed: a recount that started earlier never overwrites a later one. */
  clusterCountAsOf: Date | null;
  /** When its first coordinator was appointed (KPI 1); set once. */
  registeredAt: Date | null;
  /** The user id of that coordinator (`erased-user` once the user is erased). */
  firstCoordinator: string | null;
  version: number;
  outbox: CloudEvent[];
}

const economySchema = new Schema<EconomyDocument>(
  {
    _id: { type: String, required: true },
    names: { type: Object, required: true },
    centroid: { type: Object, required: true },
    timeZone: { type: String, required: true },
    clusterCount: { type: Number, required: true, default: 0 },
    clusterCountAsOf: { type: Date, default: null },
    registeredAt: { type: Date, default: null },
    firstCoordinator: { type: String, default: null },
    ...economyPageSchemaFields,
    ...outboxSchemaFields,
  },
  { collection: 'economies', versionKey: false, minimize: false },
);

export type EconomyModel = Model<EconomyDocument>;

export function economyModel(conn: Connection): EconomyModel {
  return (conn.models.Economy as EconomyModel | undefined) ?? conn.model<EconomyDocument>('Economy', economySchema);
}

export const toEconomyRecord = (d: EconomyDocument): EconomyRecord => ({
  code: d._id,
  names: d.names,
  centroid: d.centroid,
  timeZone: d.timeZone,
  clusterCount: d.clusterCount,
  registeredAt: d.registeredAt ? new Date(d.registeredAt).toISOString() : null,
  page: toEconomyPage(d),
});

const UNREGISTERED = { registeredAt: null, firstCoordinator: null, version: 0, outbox: [] };

/** Seeds the 21 economies from schemas/reference/economies.json; idempotent, and never touches counts. */
export async function seedEconomies(model: EconomyModel, reference: EconomyReference[]): Promise<void> {
  await model.bulkWrite(
    reference.map((e) => ({
      updateOne: {
        filter: { _id: e.code },
        update: {
          $set: { names: e.name, centroid: e.centroid, timeZone: e.timeZone },
          $setOnInsert: { clusterCount: 0, clusterCountAsOf: null, ...UNREGISTERED },
        },
        upsert: true,
      },
    })),
  );
  // Economies seeded before registration existed get a version for their outbox once (null and [] may not be stored).
  await model.updateMany({ version: { $exists: false } }, { $set: { version: 0 } });
}

export class EconomyRepository {
  constructor(readonly model: EconomyModel) {}

  async all(): Promise<EconomyRecord[]> {
    const docs = await this.model.find({}).sort({ _id: 1 }).lean<EconomyDocument[]>();
    return docs.map(toEconomyRecord);
  }

  async byCodes(codes: readonly string[]): Promise<(EconomyRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...codes] } }).lean<EconomyDocument[]>();
    const byCode = new Map(docs.map((d) => [d._id, toEconomyRecord(d)]));
    return codes.map((c) => byCode.get(c) ?? null);
  }
}
