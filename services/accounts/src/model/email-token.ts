import { type Connection, type Model, Schema } from 'mongoose';

export type EmailTokenPurpose = 'verify-email' | 'reset-password';

/** A single-use token e-mailed to a user, stored only as its SHA-256 hash (the _id). */
export interface EmailTokenDocument {
  _id: string;
  purpose: EmailTokenPurpose;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

const emailTokenSchema = new Schema<EmailTokenDocument>(
  {
    _id: { type: String, required: true },
    purpose: { type: String, required: true },
    userId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { collection: 'email_tokens', versionKey: false },
);
emailTokenSchema.index({ userId: 1, purpose: 1 });

export type EmailTokenModel = Model<EmailTokenDocument>;

export function emailTokenModel(conn: Connection): EmailTokenModel {
  return (
    (conn.models.EmailToken as EmailTokenModel | undefined) ??
    conn.model<EmailTokenDocument>('EmailToken', emailTokenSchema)
  );
}
