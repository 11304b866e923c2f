import type { AppliedMarker } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

/** What surveys knows of a cluster, built from registry's events: enough to file its responses. */
export interface ClusterFacts {
  id: string;
  economy: string;
  status: string;
}

export interface ClusterFactsDocument {
  _id: string;
  economy: string;
  status: string;
  /** Its specialization codes and its key members' types: what results filter by (absent before issue 7). */
  specializations?: string[];
  memberTypes?: string[];
  applied: AppliedMarker;
}

const clusterFactsSchema = new Schema<ClusterFactsDocument>(
  {
    _id: { type: String, required: true },
    economy: { type: String, required: true },
    status: { type: String, required: true },
    specializations: { type: [String], default: undefined },
    memberTypes: { type: [String], default: undefined },
    applied: { type: Object, required: true },
  },
  { collection: 'cluster_facts', versionKey: false, minimize: false },
);

export type ClusterFactsModel = Model<ClusterFactsDocument>;

export function clusterFactsModel(conn: Connection): ClusterFactsModel {
  return (
    (conn.models.ClusterFacts as ClusterFactsModel | undefined) ??
    conn.model<ClusterFactsDocument>('ClusterFacts', clusterFactsSchema)
  );
}

export class ClusterFactsRepository {
  constructor(readonly model: ClusterFactsModel) {}

  async byId(id: string): Promise<ClusterFacts | null> {
    const doc = await this.model.findById(id).lean<ClusterFactsDocument>();
    return doc ? { id: doc._id, economy: doc.economy, status: doc.status } : null;
  }
}
