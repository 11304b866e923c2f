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
  /** Kind of notification → whether the user receives it (kinds not listed are on). */
  notificationPreferences?: Record<string, boolean>;
  /** Set when the user deleted their account: the document stays as a tombstone without personal data. */
  erasedAt?: Date | null;
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
  notificationPreferences: NotificationPreferenceRecord[];
  version: number;
}

export interface NotificationPreferenceRecord {
  kind: string;
  enabled: boolean;
}

const userSchema = new Schema<UserDocument>(
  {
    _id: { type: String, required: true },
    // Sparse: erased accounts keep their document without an e-mail address.
    email: { type: String, required: true, unique: true, sparse: true },
    name: { type: String, required: true },
    organization: { type: String, default: null },
    locale: { type: String, required: true, default: 'en' },
    createdAt: { type: Date, required: true },
    emailVerified: { type: Boolean, required: true, default: false },
    passwordHash: { type: String, required: true },
    grants: { type: [Object], default: () => [] },
    notificationPreferences: { type: Object, default: () => ({}) },
    erasedAt: { type: Date, default: null },
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
    notificationPreferences: Object.entries(doc.notificationPreferences ?? {})
      .map(([kind, enabled]) => ({ kind, enabled: Boolean(enabled) }))
      .sort((a, b) => a.kind.localeCompare(b.kind)),
    version: doc.version,
  };
}

/** Erased accounts are tombstones: nobody reads them as users any more. */
const live = (doc: UserDocument | null): UserDocument | null => (doc && !doc.erasedAt ? doc : null);

/** Reads that return plain records; erased accounts read as absent. */
export class UserRepository {
  constructor(readonly model: UserModel) {}

  /** The stored document (with its password hash): for the use cases that need it, never for answers. */
  async documentById(id: string): Promise<UserDocument | null> {
    return live(await this.model.findById(id).lean<UserDocument>());
  }

  async documentByEmail(email: string): Promise<UserDocument | null> {
    return live(await this.model.findOne({ email }).lean<UserDocument>());
  }

  async byId(id: string): Promise<UserRecord | null> {
    const doc = await this.documentById(id);
    return doc ? toUserRecord(doc) : null;
  }

  async byIds(ids: readonly string[]): Promise<(UserRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...ids] } }).lean<UserDocument[]>();
    const byId = new Map(docs.flatMap((d) => (live(d) ? [[d._id, toUserRecord(d)] as const] : [])));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * The live users holding a role on a cluster or an economy. Grants sit inside user documents, so this scans
   * the users (FerretDB pushes down only `_id` filters, and has no `$elemMatch` to match role and scope
   * together): acceptable for rare operations such as a message to a cluster's managers, not for hot reads.
   */
  async idsWithGrant(role: Role, scope: { clusterId: string } | { economy: string }): Promise<string[]> {
    const filter =
      'clusterId' in scope ? { 'grants.clusterId': scope.clusterId } : { 'grants.economy': scope.economy };
    const docs = await this.model.find(filter, { grants: 1, erasedAt: 1 }).lean<UserDocument[]>();
    const holds = (g: GrantDocument) =>
      g.role === role &&
      ('clusterId' in scope ? g.clusterId === scope.clusterId : g.economy === scope.economy);
    return docs.filter((d) => live(d) && (d.grants ?? []).some(holds)).map((d) => d._id);
  }

  /** `email` must already be normalized (trimmed, lower-cased). */
  async byEmail(email: string): Promise<UserRecord | null> {
    const doc = await this.documentByEmail(email);
    return doc ? toUserRecord(doc) : null;
  }
}
