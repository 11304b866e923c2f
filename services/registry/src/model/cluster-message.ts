import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

/**
 * A message a signed-in user sent to a cluster's managers. Its notification request leaves through its
 * outbox; the stored message is the audit trail of who wrote to whom.
 */
export interface ClusterMessageDocument {
  _id: string;
  clusterId: string;
  senderId: string;
  subject: string;
  body: string;
  sentAt: Date;
  version: number;
  outbox: CloudEvent[];
}

const clusterMessageSchema = new Schema<ClusterMessageDocument>(
  {
    _id: { type: String, required: true },
    clusterId: { type: String, required: true },
    senderId: { type: String, required: true },
    subject: { type: String, required: true },
    body: { type: String, required: true },
    sentAt: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: 'cluster_messages', versionKey: false, minimize: false },
);

export type ClusterMessageModel = Model<ClusterMessageDocument>;

export function clusterMessageModel(conn: Connection): ClusterMessageModel {
  return (
    (conn.models.ClusterMessage as ClusterMessageModel | undefined) ??
    conn.model<ClusterMessageDocument>('ClusterMessage', clusterMessageSchema)
  );
}

/**
 * When a sender's recent messages went out, one document per sender: a version-guarded update reserves a
 * slot, so parallel requests cannot pass the hourly limit together (counting messages first could).
 */
export interface MessageQuotaDocument {
  _id: string;
  sentAt: Date[];
  version: number;
}

const messageQuotaSchema = new Schema<MessageQuotaDocument>(
  {
    _id: { type: String, required: true },
    sentAt: { type: [Date], default: [] },
    version: { type: Number, required: true, default: 0 },
  },
  { collection: 'cluster_message_quotas', versionKey: false, minimize: false },
);

export type MessageQuotaModel = Model<MessageQuotaDocument>;

export function messageQuotaModel(conn: Connection): MessageQuotaModel {
  return (
    (conn.models.MessageQuota as MessageQuotaModel | undefined) ??
    conn.model<MessageQuotaDocument>('MessageQuota', messageQuotaSchema)
  );
}
