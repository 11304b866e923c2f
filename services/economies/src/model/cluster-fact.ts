import { type Connection, type Model, Schema } from 'mongoose';
import type { AppliedMarker } from '@ccp/kit';

/** What economies knows of each cluster, from registry events: enough to count published ones. */
export interface ClusterFactDocument {
  _id: string;
  economy: string;
  status: string;
  applied: AppliedMarker;
}

const clusterFactSchema = new Schema<ClusterFactDocument>(
  {
    _id: { type: String, required: true },
    economy: { type: String, required: true, index: true },
    status: { type: String, required: true },
    applied: { type: Object, required: true },
  },
  { collection: 'cluster_facts', versionKey: false },
);

export type ClusterFactModel = Model<ClusterFactDocument>;

export function clusterFactModel(conn: Connection): ClusterFactModel {
  return (
    (conn.models.ClusterFact as ClusterFactModel | undefined) ??
    conn.model<ClusterFactDocument>('ClusterFact', clusterFactSchema)
  );
}
