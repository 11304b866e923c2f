import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

export const MATCH_REQUEST_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type MatchRequestStatus = (typeof MATCH_REQUEST_STATUSES)[number];

/** A pending request expires after this many days unless MATCH_REQUEST_EXPIRY_DAYS says otherwise. */
export const DEFAULT_MATCH_REQUEST_EXPIRY_DAYS = 14;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** One message of the conversation on a request, written for one of its two clusters. */
export interface MatchMessageRecord {
  id: string;
  fromClusterId: string;
  /** The user who wrote it; `erased-user` once that user is erased. */
  authorUserId: string;
  text: string;
  sentAt: Date;
}

/** A request between two clusters as the rest of the service sees it: a plain object. */
export interface MatchRequestRecord {
  id: string;
  fromClusterId: string;
  fromEconomy: string;
  toClusterId: string;
  toEconomy: string;
  /** `[fromClusterId, toClusterId]`: what "requests of a cluster" queries filter on. */
  clusterIds: string[];
  message: string | null;
  status: MatchRequestStatus;
  createdAt: Date;
  createdBy: string;
  /** When a pending request expires unless answered. */
  expiresAt: Date;
  /** When it was accepted, declined, withdrawn or expired, and by whom (`system` for expiry). */
  decidedAt: Date | null;
  decidedBy: string | null;
  /** The asked cluster's message with its acceptance, or its reason for declining. */
  reply: string | null;
  /** The collaboration an acceptance started or joined. */
  collaborationId: string | null;
  messages: MatchMessageRecord[];
  version: number;
}

export interface MatchRequestDocument extends Omit<MatchRequestRecord, 'id'> {
  _id: string;
  /**
   * The unordered pair of clusters while the request is pending, absent afterwards: its unique index allows one
   * pending request per pair, decided by the insert itself (no lock to take or release, nothing to orphan).
   */
  pendingKey?: string;
  outbox: CloudEvent[];
}

/** The same key for A→B and B→A; JSON keeps it unambiguous whatever characters the ids hold. */
export const pairKeyOf = (a: string, b: string) => JSON.stringify([a, b].sort());

const matchMessageSchema = new Schema<MatchMessageRecord>(
  {
    id: { type: String, required: true },
    fromClusterId: { type: String, required: true },
    authorUserId: { type: String, required: true },
    text: { type: String, required: true },
    sentAt: { type: Date, required: true },
  },
  // `id` is a stored field here, not mongoose's virtual.
  { _id: false, id: false },
);

const matchRequestSchema = new Schema<MatchRequestDocument>(
  {
    _id: { type: String, required: true },
    fromClusterId: { type: String, required: true, index: true },
    fromEconomy: { type: String, required: true },
    toClusterId: { type: String, required: true, index: true },
    toEconomy: { type: String, required: true },
    clusterIds: { type: [String], default: undefined, index: true },
    message: { type: String, default: null },
    status: { type: String, enum: MATCH_REQUEST_STATUSES, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    expiresAt: { type: Date },
    decidedAt: { type: Date, default: null },
    decidedBy: { type: String, default: null },
    reply: { type: String, default: null },
    collaborationId: { type: String, default: null },
    messages: { type: [matchMessageSchema], default: () => [] },
    // Sparse: only pending requests carry it (FerretDB ignores the flag but never counts a missing field as a duplicate).
    pendingKey: { type: String, unique: true, sparse: true },
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

type StoredMatchRequest = Omit<
  MatchRequestDocument,
  'clusterIds' | 'expiresAt' | 'decidedAt' | 'decidedBy' | 'reply' | 'collaborationId' | 'messages'
> &
  Partial<MatchRequestDocument>;

/** Requests stored before issue 6 lack the lifecycle fields; they read as if sent with the default expiry. */
export function toMatchRequestRecord(doc: StoredMatchRequest): MatchRequestRecord {
  return {
    id: doc._id,
    fromClusterId: doc.fromClusterId,
    fromEconomy: doc.fromEconomy,
    toClusterId: doc.toClusterId,
    toEconomy: doc.toEconomy,
    clusterIds: doc.clusterIds ?? [doc.fromClusterId, doc.toClusterId],
    message: doc.message ?? null,
    status: doc.status,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    expiresAt:
      doc.expiresAt ?? new Date(doc.createdAt.getTime() + DEFAULT_MATCH_REQUEST_EXPIRY_DAYS * DAY_MS),
    decidedAt: doc.decidedAt ?? null,
    decidedBy: doc.decidedBy ?? null,
    reply: doc.reply ?? null,
    collaborationId: doc.collaborationId ?? null,
    messages: (doc.messages ?? []).map((m) => ({
      id: m.id,
      fromClusterId: m.fromClusterId,
      authorUserId: m.authorUserId,
      text: m.text,
      sentAt: m.sentAt,
    })),
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

  /** Requests the cluster sent or received, newest first (every one unless a limit is given). */
  async involving(clusterId: string, limit?: number): Promise<MatchRequestRecord[]> {
    const query = this.model
      .find({ $or: [{ fromClusterId: clusterId }, { toClusterId: clusterId }] })
      .sort({ createdAt: -1, _id: -1 });
    if (limit !== undefined) query.limit(limit);
    return (await query.lean<MatchRequestDocument[]>()).map(toMatchRequestRecord);
  }

  /** The pending request between two clusters, in either direction. */
  async pendingBetween(a: string, b: string): Promise<MatchRequestRecord | null> {
    const doc = await this.model.findOne({ pendingKey: pairKeyOf(a, b) }).lean<MatchRequestDocument>();
    return doc ? toMatchRequestRecord(doc) : null;
  }

  /** Accepted requests of a cluster (either side): with collaborations, what "connected" means. */
  async acceptedOf(clusterId: string): Promise<MatchRequestRecord[]> {
    const docs = await this.model
      .find({ clusterIds: clusterId, status: 'accepted' })
      .lean<MatchRequestDocument[]>();
    return docs.map(toMatchRequestRecord);
  }
}
