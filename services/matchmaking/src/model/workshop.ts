import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';
import type { LocalizedText } from './cooperation-offer.js';

/** A workshop as the rest of the service sees it: a plain object, never a mongoose document. */
export interface WorkshopRecord {
  id: string;
  title: LocalizedText;
  hostEconomy: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  venue: string | null;
  online: boolean;
  capacity: number;
  createdAt: Date;
  createdBy: string;
  version: number;
}

export interface WorkshopDocument extends Omit<WorkshopRecord, 'id'> {
  _id: string;
  outbox: CloudEvent[];
}

const workshopSchema = new Schema<WorkshopDocument>(
  {
    _id: { type: String, required: true },
    title: { type: Object, required: true },
    hostEconomy: { type: String, required: true, index: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    timeZone: { type: String, required: true },
    venue: { type: String, default: null },
    online: { type: Boolean, required: true },
    capacity: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    ...outboxSchemaFields,
  },
  { collection: 'workshops', versionKey: false, minimize: false },
);

export type WorkshopModel = Model<WorkshopDocument>;

export function workshopModel(conn: Connection): WorkshopModel {
  return (
    (conn.models.Workshop as WorkshopModel | undefined) ??
    conn.model<WorkshopDocument>('Workshop', workshopSchema)
  );
}

export function toWorkshopRecord(doc: WorkshopDocument): WorkshopRecord {
  return {
    id: doc._id,
    title: { en: doc.title.en, ru: doc.title.ru ?? null },
    hostEconomy: doc.hostEconomy,
    startsAt: doc.startsAt,
    endsAt: doc.endsAt,
    timeZone: doc.timeZone,
    venue: doc.venue ?? null,
    online: doc.online,
    capacity: doc.capacity,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    version: doc.version,
  };
}

/** Reads that return plain records. */
export class WorkshopRepository {
  constructor(readonly model: WorkshopModel) {}

  async byIds(ids: readonly string[]): Promise<(WorkshopRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...ids] } }).lean<WorkshopDocument[]>();
    const byId = new Map(docs.map((d) => [d._id, toWorkshopRecord(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Workshops the economy hosts, earliest first. */
  async hostedBy(economy: string, first: number): Promise<WorkshopRecord[]> {
    const docs = await this.model
      .find({ hostEconomy: economy })
      .sort({ startsAt: 1, _id: 1 })
      .limit(first)
      .lean<WorkshopDocument[]>();
    return docs.map(toWorkshopRecord);
  }
}
