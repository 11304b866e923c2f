import { type Connection, type Model, Schema } from 'mongoose';

/**
 * One sign-in session: the chain of refresh tokens descending from one login. Only SHA-256 hashes of the
 * tokens are kept; the current one may be exchanged once, the used ones are remembered to detect reuse.
 */
export interface RefreshFamilyDocument {
  _id: string;
  userId: string;
  currentHash: string;
  usedHashes: string[];
  createdAt: Date;
  rotatedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: 'logout' | 'reuse' | 'password-reset' | 'erasure' | 'account-gone' | null;
  version: number;
}

const refreshFamilySchema = new Schema<RefreshFamilyDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true, index: true },
    currentHash: { type: String, required: true },
    usedHashes: { type: [String], default: () => [] },
    createdAt: { type: Date, required: true },
    rotatedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    revokedReason: { type: String, default: null },
    version: { type: Number, required: true },
  },
  { collection: 'refresh_families', versionKey: false, minimize: false },
);

export type RefreshFamilyModel = Model<RefreshFamilyDocument>;

export function refreshFamilyModel(conn: Connection): RefreshFamilyModel {
  return (
    (conn.models.RefreshFamily as RefreshFamilyModel | undefined) ??
    conn.model<RefreshFamilyDocument>('RefreshFamily', refreshFamilySchema)
  );
}
