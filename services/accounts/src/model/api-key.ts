import { type Connection, type Model, Schema } from 'mongoose';

export const API_KEY_ROLES = ['analyst', 'integrator'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** What the gateway enforces for requests made with a key. */
export interface ApiKeyLimits {
  maxDepth: number;
  maxCost: number;
  requestsPerMinute: number;
}

export const DEFAULT_API_KEY_LIMITS: ApiKeyLimits = { maxDepth: 10, maxCost: 5000, requestsPerMinute: 120 };

export interface ApiKeyDocument {
  _id: string;
  ownerId: string;
  name: string;
  role: ApiKeyRole;
  /** SHA-256 (hex) of the key's 256-bit random secret; the key itself is shown once and never stored. */
  secretHash: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  limits: ApiKeyLimits;
}

/** An API key as the rest of the service sees it: without its hash. */
export interface ApiKeyRecord {
  id: string;
  ownerId: string;
  name: string;
  role: ApiKeyRole;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  limits: ApiKeyLimits;
}

const apiKeySchema = new Schema<ApiKeyDocument>(
  {
    _id: { type: String, required: true },
    ownerId: { type: String, required: true, index: true },
    name: { type: String, required: true },
    role: { type: String, required: true },
    secretHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    limits: { type: Object, required: true },
  },
  { collection: 'api_keys', versionKey: false },
);

export type ApiKeyModel = Model<ApiKeyDocument>;

export function apiKeyModel(conn: Connection): ApiKeyModel {
  return (
    (conn.models.ApiKey as ApiKeyModel | undefined) ?? conn.model<ApiKeyDocument>('ApiKey', apiKeySchema)
  );
}

export function toApiKeyRecord(doc: ApiKeyDocument): ApiKeyRecord {
  return {
    id: doc._id,
    ownerId: doc.ownerId,
    name: doc.name,
    role: doc.role,
    createdAt: doc.createdAt,
    lastUsedAt: doc.lastUsedAt ?? null,
    revokedAt: doc.revokedAt ?? null,
    limits: { ...DEFAULT_API_KEY_LIMITS, ...doc.limits },
  };
}

export class ApiKeyRepository {
  constructor(readonly model: ApiKeyModel) {}

  async byId(id: string): Promise<ApiKeyRecord | null> {
    const doc = await this.model.findById(id).lean<ApiKeyDocument>();
    return doc ? toApiKeyRecord(doc) : null;
  }

  async byOwner(ownerId: string): Promise<ApiKeyRecord[]> {
    const docs = await this.model.find({ ownerId }).sort({ createdAt: -1, _id: -1 }).lean<ApiKeyDocument[]>();
    return docs.map(toApiKeyRecord);
  }
}
