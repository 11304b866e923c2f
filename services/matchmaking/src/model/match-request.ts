import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

export const MATCH_REQUEST_STATUSES = ['pending', 'accepted', 'declined'] as const;
export type MatchRequestStatus = (typeof MATCH_REQUEST_STATUSES)[number];

/** A request between two clusters as the rest of the service sees it: a plain object. */
export interface MatchRequestRecord {
  id: string;
  fromClusterId: string;
  fromEconomy: string;
  toClusterId: string;
  toEconomy: string;
  message: string | null;
  status: MatchRequestStatus;
  createdAt: Date;
  createdBy: string;
  version: number;
}

export interface MatchRequestDocument extends Omit<MatchRequestRecord, 'id'> {
  _id: string;
  outbox: CloudEvent[];
}

const matchRequestSchema = new Schema<MatchRequestDocument>(
  {
    _id: { type: String, required: true },
    fromClusterId: { type: String, required: true, index: true },
    fromEconomy: { type: String, required: true },
    toClusterId: { type: String, required: true, index: true },
    toEconomy: { type: String, required: true },
    message: { type: String, default: null },
    status: { type: String, enum: MATCH_REQUEST_STATUSES, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    ...outboxSchemaFields,
  },
  { collection: 'match_requests', versionKey: false, minimize: false },
);

export type MatchRequestModel = Model<MatchRequestDocument>;

export function matchRequestModel(conn: Connection): MatchRequestModel {
  return (
    (conn.models.MatchRequest as MatchRequestModel | undefined) ??
    conn.model<MatchRequestDocument>('MatchRequest', matchRequestSchema)
  );
}

export function toMatchRequestRecord(doc: MatchRequestDocument): MatchRequestRecord {
  return {
    id: doc._id,
    fromClusterId: doc.fromClusterId,
    fromEconomy: doc.fromEconomy,
    toClusterId: doc.toClusterId,
    toEconomy: doc.toEconomy,
    message: doc.message ?? null,
    status: doc.status,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    version: doc.version,
  };
}

/** Reads that return plain records. */
export class MatchRequestRepository {
  constructor(readonly model: MatchRequestModel) {}

  async byIds(ids: readonly string[]): Promise<(MatchRequestRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...ids] } }).lean<MatchRequestDocument[]>();
    const byId = new Map(docs.map((d) => [d._id, toMatchRequestRecord(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Requests the cluster sent or received, newest first. */
  async involving(clusterId: string, first: number): Promise<MatchRequestRecord[]> {
    const docs = await this.model
      .find({ $or: [{ fromClusterId: clusterId }, { toClusterId: clusterId }] })
      .sort({ createdAt: -1, _id: -1 })
      .limit(first)
      .lean<MatchRequestDocument[]>();
    return docs.map(toMatchRequestRecord);
  }

  async pendingBetween(fromClusterId: string, toClusterId: string): Promise<MatchRequestRecord | null> {
    const doc = await this.model
      .findOne({ fromClusterId, toClusterId, status: 'pending' })
      .lean<MatchRequestDocument>();
    return doc ? toMatchRequestRecord(doc) : null;
  }
}
