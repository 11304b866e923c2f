import { type CloudEvent, derivedUuid, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';
import { pairKeyOf } from './match-request.js';

export const COLLABORATION_ORIGINS = ['match-request', 'workshop-meeting'] as const;
export type CollaborationOrigin = (typeof COLLABORATION_ORIGINS)[number];

/** Two clusters that agreed to collaborate, as the rest of the service sees it: a plain object. */
export interface CollaborationRecord {
  id: string;
  /** The two clusters; for a match request the sender first. */
  clusterIds: string[];
  /** Their economies, in the same order. */
  economies: string[];
  origin: CollaborationOrigin;
  /** The accepted request's id or the workshop meeting's id. */
  originId: string;
  agreedAt: Date;
  version: number;
}

export interface CollaborationDocument extends Omit<CollaborationRecord, 'id'> {
  _id: string;
  /** The unordered pair; unique, so two clusters have one collaboration (see agree-collaboration.ts). */
  pairKey: string;
  outbox: CloudEvent[];
}

/**
 * The id of the collaboration an origin starts: derived, so a retried agreement finds the record it already
 * made instead of making another. Shaped as a UUID (version 8: custom) like every other aggregate id.
 */
export function collaborationIdOf(origin: CollaborationOrigin, originId: string): string {
  return derivedUuid(origin, originId);
}

const collaborationSchema = new Schema<CollaborationDocument>(
  {
    _id: { type: String, required: true },
    clusterIds: { type: [String], required: true, index: true },
    economies: { type: [String], required: true },
    origin: { type: String, enum: COLLABORATION_ORIGINS, required: true },
    originId: { type: String, required: true },
    agreedAt: { type: Date, required: true },
    pairKey: { type: String, required: true, unique: true },
    ...outboxSchemaFields,
  },
  { collection: 'collaborations', versionKey: false, minimize: false },
);

export type CollaborationModel = Model<CollaborationDocument>;

export function collaborationModel(conn: Connection): CollaborationModel {
  return (
    (conn.models.Collaboration as CollaborationModel | undefined) ??
    conn.model<CollaborationDocument>('Collaboration', collaborationSchema)
  );
}

export function toCollaborationRecord(doc: CollaborationDocument): CollaborationRecord {
  return {
    id: doc._id,
    clusterIds: [...doc.clusterIds],
    economies: [...doc.economies],
    origin: doc.origin,
    originId: doc.originId,
    agreedAt: doc.agreedAt,
    version: doc.version,
  };
}

/** Reads that return plain records. */
export class CollaborationRepository {
  constructor(readonly model: CollaborationModel) {}

  async byIds(ids: readonly string[]): Promise<(CollaborationRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...ids] } }).lean<CollaborationDocument[]>();
    const byId = new Map(docs.map((d) => [d._id, toCollaborationRecord(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The pair's collaboration, whichever cluster is named first. */
  async between(a: string, b: string): Promise<CollaborationRecord | null> {
    const doc = await this.model.findOne({ pairKey: pairKeyOf(a, b) }).lean<CollaborationDocument>();
    return doc ? toCollaborationRecord(doc) : null;
  }

  /** A cluster's collaborations, newest first (every one unless a limit is given). */
  async ofCluster(clusterId: string, limit?: number): Promise<CollaborationRecord[]> {
    const query = this.model.find({ clusterIds: clusterId }).sort({ agreedAt: -1, _id: -1 });
    if (limit !== undefined) query.limit(limit);
    return (await query.lean<CollaborationDocument[]>()).map(toCollaborationRecord);
  }

  /** How many collaborations each cluster has: one query for a whole page of clusters. */
  async countsOf(clusterIds: readonly string[]): Promise<number[]> {
    const docs = await this.model
      .find({ clusterIds: { $in: [...clusterIds] } }, { clusterIds: 1 })
      .lean<Pick<CollaborationDocument, 'clusterIds'>[]>();
    const counts = new Map<string, number>();
    for (const d of docs) for (const id of d.clusterIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    return clusterIds.map((id) => counts.get(id) ?? 0);
  }

  /** The clusters a cluster collaborates with. */
  async partnerIdsOf(clusterId: string): Promise<string[]> {
    const docs = await this.model
      .find({ clusterIds: clusterId }, { clusterIds: 1 })
      .lean<Pick<CollaborationDocument, 'clusterIds'>[]>();
    return [...new Set(docs.flatMap((d) => d.clusterIds).filter((id) => id !== clusterId))];
  }
}
