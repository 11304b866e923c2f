import { type Connection, type Model, Schema } from 'mongoose';
import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';

export const CLUSTER_STATUSES = ['draft', 'submitted', 'published', 'returned', 'archived'] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

/** Why a profile went back to its managers; `returnedBy` is a user id (erased with the user). */
export interface ClusterReturn {
  comments: string;
  returnedAt: Date;
  returnedBy: string;
}

/** A cluster as the rest of the service sees it: a plain object, never a mongoose document. */
export interface ClusterRecord {
  id: string;
  names: { en: string; ru?: string | null; [locale: string]: string | null | undefined };
  economyCode: string;
  region: string | null;
  location: { lat: number; lng: number } | null;
  specializations: string[];
  status: ClusterStatus;
  version: number;
  createdAt: Date;
  publishedAt: Date | null;
  registeredBy: string;
  lastReturn: ClusterReturn | null;
}

export interface ClusterDocument {
  _id: string;
  names: Record<string, string>;
  economyCode: string;
  region: string | null;
  location: { lat: number; lng: number } | null;
  specializations: string[];
  status: ClusterStatus;
  createdAt: Date;
  publishedAt: Date | null;
  registeredBy: string;
  lastReturn?: ClusterReturn | null;
  version: number;
  outbox: CloudEvent[];
}

const clusterSchema = new Schema<ClusterDocument>(
  {
    _id: { type: String, required: true },
    names: { type: Object, required: true },
    economyCode: { type: String, required: true, index: true },
    region: { type: String, default: null },
    location: { type: Object, default: null },
    specializations: { type: [String], default: [] },
    status: { type: String, enum: CLUSTER_STATUSES, required: true, index: true },
    createdAt: { type: Date, required: true },
    publishedAt: { type: Date, default: null },
    registeredBy: { type: String, required: true },
    lastReturn: { type: Object, default: null },
    ...outboxSchemaFields,
  },
  { collection: 'clusters', versionKey: false, minimize: false },
);

export type ClusterModel = Model<ClusterDocument>;

export function clusterModel(conn: Connection): ClusterModel {
  return (
    (conn.models.Cluster as ClusterModel | undefined) ?? conn.model<ClusterDocument>('Cluster', clusterSchema)
  );
}

export function toClusterRecord(doc: ClusterDocument): ClusterRecord {
  return {
    id: doc._id,
    names: doc.names as ClusterRecord['names'],
    economyCode: doc.economyCode,
    region: doc.region ?? null,
    location: doc.location ? { lat: doc.location.lat, lng: doc.location.lng } : null,
    specializations: doc.specializations ?? [],
    status: doc.status,
    version: doc.version,
    createdAt: doc.createdAt,
    publishedAt: doc.publishedAt ?? null,
    registeredBy: doc.registeredBy,
    lastReturn: doc.lastReturn
      ? {
          comments: doc.lastReturn.comments,
          returnedAt: doc.lastReturn.returnedAt,
          returnedBy: doc.lastReturn.returnedBy,
        }
      : null,
  };
}

/** Reads that return plain records. */
export class ClusterRepository {
  constructor(readonly model: ClusterModel) {}

  async byId(id: string): Promise<ClusterRecord | null> {
    const doc = await this.model.findById(id).lean<ClusterDocument>();
    return doc ? toClusterRecord(doc) : null;
  }

  async byIds(ids: readonly string[]): Promise<(ClusterRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...ids] } }).lean<ClusterDocument[]>();
    const byId = new Map(docs.map((d) => [d._id, toClusterRecord(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async page(filter: { economies?: string[]; status: ClusterStatus }, first: number, after?: string) {
    const query: Record<string, unknown> = { status: filter.status };
    if (filter.economies?.length) query.economyCode = { $in: filter.economies };
    const pageQuery = after ? { ...query, _id: { $gt: after } } : query;
    const [docs, totalCount] = await Promise.all([
      this.model
        .find(pageQuery)
        .sort({ _id: 1 })
        .limit(first + 1)
        .lean<ClusterDocument[]>(),
      this.model.countDocuments(query),
    ]);
    const nodes = docs.slice(0, first).map(toClusterRecord);
    return {
      nodes,
      totalCount,
      pageInfo: { hasNextPage: docs.length > first, endCursor: nodes.at(-1)?.id ?? null },
    };
  }
}
