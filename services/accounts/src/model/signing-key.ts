import type { JWK } from 'jose';
import { type Connection, type Model, Schema } from 'mongoose';

/** The access-token key pair when none is configured: made once, shared by every replica (fixed _id). */
export interface SigningKeyDocument {
  _id: 'current';
  kid: string;
  alg: 'ES256';
  privateJwk: JWK;
  publicJwk: JWK;
  createdAt: Date;
}

const signingKeySchema = new Schema<SigningKeyDocument>(
  {
    _id: { type: String, required: true },
    kid: { type: String, required: true },
    alg: { type: String, required: true },
    privateJwk: { type: Object, required: true },
    publicJwk: { type: Object, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'signing_keys', versionKey: false },
);

export type SigningKeyModel = Model<SigningKeyDocument>;

export function signingKeyModel(conn: Connection): SigningKeyModel {
  return (
    (conn.models.SigningKey as SigningKeyModel | undefined) ??
    conn.model<SigningKeyDocument>('SigningKey', signingKeySchema)
  );
}
