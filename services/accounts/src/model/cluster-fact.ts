import type { AppliedMarker } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

/** What accounts knows about a cluster from registry events: enough to tell whose economy it belongs to. */
export interface ClusterFactDocument {
  _id: string;
  economy: string;
  names: Record<string, string>;
  registeredBy: string | null;
  applied: AppliedMarker;
}

export interface ClusterFact {
  id: string;
  economy: string;
  names: Record<string, string>;
}

const clusterFactSchema = new Schema<ClusterFactDocument>(
  {
    _id: { type: String, required: true },
    economy: { type: String, required: true },
    names: { type: Object, required: true },
    registeredBy: { type: String, default: null },
    applied: { type: Object, required: true },
  },
  { collection: 'cluster_facts', versionKey: false, minimize: false },
);

export type ClusterFactModel = Model<ClusterFactDocument>;

export function clusterFactModel(conn: Connection): ClusterFactModel {
  return (
    (conn.models.ClusterFact as ClusterFactModel | undefined) ??
    conn.model<ClusterFactDocument>('ClusterFact', clusterFactSchema)
  );
}

export class ClusterFactRepository {
  constructor(readonly model: ClusterFactModel) {}

  async byId(id: string): Promise<ClusterFact | null> {
    const doc = await this.model.findById(id).lean<ClusterFactDocument>();
    return doc ? { id: doc._id, economy: doc.economy, names: doc.names ?? {} } : null;
  }
}
