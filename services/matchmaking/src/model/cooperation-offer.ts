import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

export const OFFER_KINDS = ['offer', 'need', 'project'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];
export const OFFER_STATUSES = ['open', 'closed'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export interface LocalizedText {
  en: string;
  ru?: string | null;
}

/** A cooperation offer as the rest of the service sees it: a plain object, never a mongoose document. */
export interface CooperationOfferRecord {
  id: string;
  clusterId: string;
  economy: string;
  kind: OfferKind;
  title: LocalizedText;
  description: LocalizedText;
  sectors: string[];
  targetEconomies: string[];
  deadline: string | null;
  status: OfferStatus;
  createdAt: Date;
  createdBy: string;
  version: number;
}

export interface CooperationOfferDocument {
  _id: string;
  clusterId: string;
  economy: string;
  kind: OfferKind;
  title: LocalizedText;
  description: LocalizedText;
  sectors: string[];
  targetEconomies: string[];
  deadline: string | null;
  status: OfferStatus;
  createdAt: Date;
  createdBy: string;
  version: number;
  outbox: CloudEvent[];
}

const cooperationOfferSchema = new Schema<CooperationOfferDocument>(
  {
    _id: { type: String, required: true },
    clusterId: { type: String, required: true, index: true },
    economy: { type: String, required: true },
    kind: { type: String, enum: OFFER_KINDS, required: true },
    title: { type: Object, required: true },
    description: { type: Object, required: true },
    sectors: { type: [String], default: [] },
    targetEconomies: { type: [String], default: [] },
    deadline: { type: String, default: null },
    status: { type: String, enum: OFFER_STATUSES, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    ...outboxSchemaFields,
  },
  { collection: 'cooperation_offers', versionKey: false, minimize: false },
);
cooperationOfferSchema.index({ status: 1, createdAt: -1, _id: -1 });

export type CooperationOfferModel = Model<CooperationOfferDocument>;

export function cooperationOfferModel(conn: Connection): CooperationOfferModel {
  return (
    (conn.models.CooperationOffer as CooperationOfferModel | undefined) ??
    conn.model<CooperationOfferDocument>('CooperationOffer', cooperationOfferSchema)
  );
}

export function toCooperationOfferRecord(doc: CooperationOfferDocument): CooperationOfferRecord {
  return {
    id: doc._id,
    clusterId: doc.clusterId,
    economy: doc.economy,
    kind: doc.kind,
    title: { en: doc.title.en, ru: doc.title.ru ?? null },
    description: { en: doc.description.en, ru: doc.description.ru ?? null },
    sectors: doc.sectors ?? [],
    targetEconomies: doc.targetEconomies ?? [],
    deadline: doc.deadline ?? null,
    status: doc.status,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    version: doc.version,
  };
}

export interface OfferFilter {
  kinds?: OfferKind[];
  economies?: string[];
  sectors?: string[];
  status: OfferStatus;
}

/** Newest first: the cursor is the last node's creation time and id (ids are random, not ordered). */
export function encodeOfferCursor(offer: Pick<CooperationOfferRecord, 'createdAt' | 'id'>): string {
  return Buffer.from(`${offer.createdAt.getTime()}:${offer.id}`, 'utf8').toString('base64url');
}

export function decodeOfferCursor(cursor: string): { createdAt: Date; id: string } | null {
  const match = /^(\d+):(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return null;
  return { createdAt: new Date(Number(match[1])), id: match[2]! };
}

/** Reads that return plain records. */
export class CooperationOfferRepository {
  constructor(readonly model: CooperationOfferModel) {}

  async byIds(ids: readonly string[]): Promise<(CooperationOfferRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...ids] } }).lean<CooperationOfferDocument[]>();
    const byId = new Map(docs.map((d) => [d._id, toCooperationOfferRecord(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async openOfCluster(clusterId: string, first: number): Promise<CooperationOfferRecord[]> {
    const docs = await this.model
      .find({ clusterId, status: 'open' })
      .sort({ createdAt: -1, _id: -1 })
      .limit(first)
      .lean<CooperationOfferDocument[]>();
    return docs.map(toCooperationOfferRecord);
  }

  async page(filter: OfferFilter, first: number, after?: { createdAt: Date; id: string }) {
    const query: Record<string, unknown> = { status: filter.status };
    if (filter.kinds?.length) query.kind = { $in: filter.kinds };
    if (filter.economies?.length) query.economy = { $in: filter.economies };
    if (filter.sectors?.length) query.sectors = { $in: filter.sectors };
    const pageQuery = after
      ? {
          ...query,
          $or: [
            { createdAt: { $lt: after.createdAt } },
            { createdAt: after.createdAt, _id: { $lt: after.id } },
          ],
        }
      : query;
    const [docs, totalCount] = await Promise.all([
      this.model
        .find(pageQuery)
        .sort({ createdAt: -1, _id: -1 })
        .limit(first + 1)
        .lean<CooperationOfferDocument[]>(),
      this.model.countDocuments(query),
    ]);
    const nodes = docs.slice(0, first).map(toCooperationOfferRecord);
    const last = nodes.at(-1);
    return {
      nodes,
      totalCount,
      pageInfo: { hasNextPage: docs.length > first, endCursor: last ? encodeOfferCursor(last) : null },
    };
  }
}
