import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

/** An invitation to co-manage a cluster, waiting until an account verifies the invited address. */
export interface InvitationDocument {
  _id: string;
  email: string;
  clusterId: string;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  version: number;
  outbox: CloudEvent[];
}

const invitationSchema = new Schema<InvitationDocument>(
  {
    _id: { type: String, required: true },
    email: { type: String, required: true, index: true },
    clusterId: { type: String, required: true },
    invitedBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    acceptedAt: { type: Date, default: null },
    acceptedBy: { type: String, default: null },
    ...outboxSchemaFields,
  },
  { collection: 'invitations', versionKey: false, minimize: false },
);

export type InvitationModel = Model<InvitationDocument>;

export function invitationModel(conn: Connection): InvitationModel {
  return (
    (conn.models.Invitation as InvitationModel | undefined) ??
    conn.model<InvitationDocument>('Invitation', invitationSchema)
  );
}
