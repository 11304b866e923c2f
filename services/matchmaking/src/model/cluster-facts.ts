import type { AppliedMarker } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

/** What matchmaking knows about a cluster, kept from registry events (registry owns the profile). */
export interface ClusterFacts {
  id: string;
  economy: string;
  names: { en: string; ru?: string | null; [locale: string]: string | null | undefined };
  status: string;
  specializations: string[];
  region: string | null;
  location: { lat: number; lng: number } | null;
}

export interface ClusterFactsDocument {
  _id: string;
  economy: string;
  names: Record<string, string>;
  status: string;
  specializations: string[];
  region: string | null;
  location: { lat: number; lng: number } | null;
  applied: AppliedMarker;
}

const clusterFactsSchema = new Schema<ClusterFactsDocument>(
  {
    _id: { type: String, required: true },
    economy: { type: String, required: true },
    names: { type: Object, required: true },
    status: { type: String, required: true },
    specializations: { type: [String], default: [] },
    region: { type: String, default: null },
    location: { type: Object, default: null },
    applied: { type: Object, required: true },
  },
  { collection: 'cluster_facts', versionKey: false, minimize: false },
);
clusterFactsSchema.index({ status: 1, economy: 1 });

export type ClusterFactsModel = Model<ClusterFactsDocument>;

export function clusterFactsModel(conn: Connection): ClusterFactsModel {
  return (
    (conn.models.ClusterFacts as ClusterFactsModel | undefined) ??
    conn.model<ClusterFactsDocument>('ClusterFacts', clusterFactsSchema)
  );
}

export function toClusterFacts(doc: Omit<ClusterFactsDocument, 'applied'>): ClusterFacts {
  return {
    id: doc._id,
    economy: doc.economy,
    names: doc.names as ClusterFacts['names'],
    status: doc.status,
    specializations: doc.specializations ?? [],
    region: doc.region ?? null,
    location: doc.location ? { lat: doc.location.lat, lng: doc.location.lng } : null,
  };
}

/** Reads that return plain records. */
export class ClusterFactsRepository {
  constructor(readonly model: ClusterFactsModel) {}

  async byId(id: string): Promise<ClusterFacts | null> {
    const doc = await this.model.findById(id).lean<ClusterFactsDocument>();
    return doc ? toClusterFacts(doc) : null;
  }

  /** Published clusters outside `economy` sharing at least one of `specializations`. */
  async publishedSharingSpecializations(specializations: string[], notEconomy: string, notId: string) {
    const docs = await this.model
      .find(
        {
          status: 'published',
          economy: { $ne: notEconomy },
          _id: { $ne: notId },
          specializations: { $in: specializations },
        },
        { applied: 0 },
      )
      .lean<ClusterFactsDocument[]>();
    return docs.map(toClusterFacts);
  }
}
