import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

export const ROLES = ['member', 'cluster-manager', 'economy-coordinator', 'secretariat'] as const;
export type Role = (typeof ROLES)[number];

/** One role as stored inside its user's document; the user and their grants are read together. */
export interface GrantDocument {
  role: Role;
  clusterId: string | null;
  economy: string | null;
  grantedAt: Date;
  grantedBy: string;
}

export interface UserDocument {
  _id: string;
  email: string;
  name: string;
  organization: string | null;
  locale: string;
  createdAt: Date;
  emailVerified: boolean;
  passwordHash: string;
  grants: GrantDocument[];
  version: number;
  outbox: CloudEvent[];
}

export interface RoleGrantRecord {
  userId: string;
  role: Role;
  clusterId: string | null;
  economy: string | null;
  grantedAt: Date;
  grantedBy: string;
}

/** A user as the rest of the service sees it: a plain object without the password hash. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  organization: string | null;
  locale: string;
  createdAt: Date;
  emailVerified: boolean;
  grants: RoleGrantRecord[];
  version: number;
}

const userSchema = new Schema<UserDocument>(
  {
    _id: { type: String, required: true },
    email: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    organization: { type: String, default: null },
    locale: { type: String, required: true, default: 'en' },
    createdAt: { type: Date, required: true },
    emailVerified: { type: Boolean, required: true, default: false },
    passwordHash: { type: String, required: true },
    grants: { type: [Object], default: () => [] },
    ...outboxSchemaFields,
  },
  { collection: 'users', versionKey: false, minimize: false },
);

export type UserModel = Model<UserDocument>;

export function userModel(conn: Connection): UserModel {
  return (conn.models.User as UserModel | undefined) ?? conn.model<UserDocument>('User', userSchema);
}

export function toUserRecord(doc: UserDocument): UserRecord {
  return {
    id: doc._id,
    email: doc.email,
    name: doc.name,
    organization: doc.organization ?? null,
    locale: doc.locale,
    createdAt: doc.createdAt,
    emailVerified: doc.emailVerified ?? false,
    grants: (doc.grants ?? []).map((g) => ({
      userId: doc._id,
      role: g.role,
      clusterId: g.clusterId ?? null,
      economy: g.economy ?? null,
      grantedAt: g.grantedAt,
      grantedBy: g.grantedBy,
    })),
    version: doc.version,
  };
}

/** Reads that return plain records. */
export class UserRepository {
  constructor(readonly model: UserModel) {}

  async byId(id: string): Promise<UserRecord | null> {
    const doc = await this.model.findById(id).lean<UserDocument>();
    return doc ? toUserRecord(doc) : null;
  }

  async byIds(ids: readonly string[]): Promise<(UserRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...ids] } }).lean<UserDocument[]>();
    const byId = new Map(docs.map((d) => [d._id, toUserRecord(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** `email` must already be normalized (trimmed, lower-cased). */
  async byEmail(email: string): Promise<UserRecord | null> {
    const doc = await this.model.findOne({ email }).lean<UserDocument>();
    return doc ? toUserRecord(doc) : null;
  }
}
