import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

export const CLAIM_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** A signed-in user's request to manage an imported or seeded cluster, decided by its economy's coordinator. */
export interface ClusterClaimRecord {
  id: string;
  clusterId: string;
  economyCode: string;
  userId: string;
  message: string;
  status: ClaimStatus;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  reason: string | null;
}

export interface ClusterClaimDocument {
  _id: string;
  clusterId: string;
  economyCode: string;
  userId: string;
  message: string;
  status: ClaimStatus;
  /**
   * `<clusterId>:<userId>` while pending, `decided:<id>` after: its unique index allows one pending claim per
   * user and cluster even when two requests race (FerretDB has no partial indexes).
   */
  pendingKey: string;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  decidedRole: string | null;
  reason: string | null;
  version: number;
  /** Notification requests (to the coordinators, to the requester) leave through this outbox. */
  outbox: CloudEvent[];
}

export const pendingKeyOf = (clusterId: string, userId: string) => `${clusterId}:${userId}`;
export const decidedKeyOf = (id: string) => `decided:${id}`;

const clusterClaimSchema = new Schema<ClusterClaimDocument>(
  {
    _id: { type: String, required: true },
    clusterId: { type: String, required: true, index: true },
    economyCode: { type: String, required: true },
    userId: { type: String, required: true },
    message: { type: String, required: true },
    status: { type: String, enum: CLAIM_STATUSES, required: true },
    pendingKey: { type: String, required: true, unique: true },
    createdAt: { type: Date, required: true },
    decidedAt: { type: Date, default: null },
    decidedBy: { type: String, default: null },
    decidedRole: { type: String, default: null },
    reason: { type: String, default: null },
    ...outboxSchemaFields,
  },
  { collection: 'cluster_claims', versionKey: false, minimize: false },
);

export type ClusterClaimModel = Model<ClusterClaimDocument>;

export function clusterClaimModel(conn: Connection): ClusterClaimModel {
  return (
    (conn.models.ClusterClaim as ClusterClaimModel | undefined) ??
    conn.model<ClusterClaimDocument>('ClusterClaim', clusterClaimSchema)
  );
}

export function toClusterClaimRecord(doc: ClusterClaimDocument): ClusterClaimRecord {
  return {
    id: doc._id,
    clusterId: doc.clusterId,
    economyCode: doc.economyCode,
    userId: doc.userId,
    message: doc.message,
    status: doc.status,
    createdAt: doc.createdAt,
    decidedAt: doc.decidedAt ?? null,
    decidedBy: doc.decidedBy ?? null,
    reason: doc.reason ?? null,
  };
}
