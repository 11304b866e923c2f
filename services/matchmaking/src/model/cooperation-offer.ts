import {
  type CloudEvent,
  haystack,
  type Logger,
  type MemberType,
  outboxSchemaFields,
  specializationLabels,
  specializationScope,
  TOPICS,
  TopicFollower,
  type TopicPosition,
  topicEnds,
} from '@ccp/kit';
import type { Kafka } from 'kafkajs';
import { type Connection, type Model, Schema } from 'mongoose';

export const OFFER_KINDS = ['offer', 'need', 'project'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];
export const OFFER_STATUSES = ['open', 'closed'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
export const OFFER_CLOSE_REASONS = ['fulfilled', 'withdrawn', 'expired'] as const;
export type OfferCloseReason = (typeof OFFER_CLOSE_REASONS)[number];

export interface LocalizedText {
  en: string;
  ru?: string | null;
}

/** Who the offer looks for: words, and optionally the kinds of members and specializations it should have. */
export interface SoughtPartner {
  description: LocalizedText | null;
  memberTypes: MemberType[];
  specializations: string[];
}

/** A signed-in user's answer to an offer, optionally for a cluster they act for; one per user and offer. */
export interface OfferInterest {
  id: string;
  userId: string;
  fromClusterId: string | null;
  message: string;
  createdAt: Date;
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
  /** The last day (UTC) to answer, YYYY-MM-DD. */
  deadline: string | null;
  soughtPartner: SoughtPartner | null;
  /** The stored status; an open offer past its deadline reads as expired before the sweep closes it. */
  status: OfferStatus;
  closeReason: OfferCloseReason | null;
  closedAt: Date | null;
  followers: string[];
  interests: OfferInterest[];
  createdAt: Date;
  createdBy: string;
  updatedAt: Date | null;
  version: number;
}

export interface CooperationOfferDocument extends Omit<CooperationOfferRecord, 'id'> {
  _id: string;
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
    soughtPartner: { type: Object, default: null },
    status: { type: String, enum: OFFER_STATUSES, required: true },
    closeReason: { type: String, enum: [...OFFER_CLOSE_REASONS, null], default: null },
    closedAt: { type: Date, default: null },
    followers: { type: [String], default: [] },
    interests: { type: [Object], default: [] },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: Date, default: null },
    ...outboxSchemaFields,
  },
  { collection: 'cooperation_offers', versionKey: false, minimize: false },
);

export type CooperationOfferModel = Model<CooperationOfferDocument>;

export function cooperationOfferModel(conn: Connection): CooperationOfferModel {
  return (
    (conn.models.CooperationOffer as CooperationOfferModel | undefined) ??
    conn.model<CooperationOfferDocument>('CooperationOffer', cooperationOfferSchema)
  );
}

const localized = (t: LocalizedText): LocalizedText => ({ en: t.en, ru: t.ru ?? null });

/** Documents written before a field existed read with its empty value. */
export function toCooperationOfferRecord(doc: CooperationOfferDocument): CooperationOfferRecord {
  const partner = doc.soughtPartner;
  return {
    id: doc._id,
    clusterId: doc.clusterId,
    economy: doc.economy,
    kind: doc.kind,
    title: localized(doc.title),
    description: localized(doc.description),
    sectors: doc.sectors ?? [],
    targetEconomies: doc.targetEconomies ?? [],
    deadline: doc.deadline ?? null,
    soughtPartner: partner
      ? {
          description: partner.description ? localized(partner.description) : null,
          memberTypes: partner.memberTypes ?? [],
          specializations: partner.specializations ?? [],
        }
      : null,
    status: doc.status,
    closeReason: doc.closeReason ?? null,
    closedAt: doc.closedAt ?? null,
    followers: doc.followers ?? [],
    interests: (doc.interests ?? []).map((i) => ({
      id: i.id,
      userId: i.userId,
      fromClusterId: i.fromClusterId ?? null,
      message: i.message,
      createdAt: new Date(i.createdAt),
    })),
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    updatedAt: doc.updatedAt ?? null,
    version: doc.version,
  };
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

/** Newest first, ties by id (descending) — the order of every offer list. */
export function newestFirst(a: CooperationOfferRecord, b: CooperationOfferRecord): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** What browsing needs of an offer besides the record: its folded text and its sectors with their parents. */
export interface OfferEntry {
  record: CooperationOfferRecord;
  hay: string;
  sectorScope: Set<string>;
}

function offerEntry(record: CooperationOfferRecord): OfferEntry {
  const texts = (t: LocalizedText | null | undefined) => (t ? [t.en, t.ru] : []);
  return {
    record,
    hay: haystack([
      ...texts(record.title),
      ...texts(record.description),
      ...texts(record.soughtPartner?.description),
      ...specializationLabels(record.sectors),
    ]),
    sectorScope: specializationScope(record.sectors),
  };
}

/**
 * Every offer of the platform in memory, so browsing, cluster lists and follows cost no database round trip:
 * on FerretDB's SQLite backend only a lone `{_id}` lookup is indexed (docs/decisions.md §17–18), and a few
 * thousand offers fit in a few megabytes. Loaded at start after noting where the offer topic ends; this
 * process's writes are put at once (read-your-writes); offers changed by another process arrive as offer
 * events and are read again by id. Every put is guarded by the offer's version.
 */
export class CooperationOfferRepository {
  private readonly entries = new Map<string, OfferEntry>();
  private ordered: OfferEntry[] | undefined;
  private follower: TopicFollower | undefined;
  private startOffsets: TopicPosition[] = [];

  constructor(
    readonly model: CooperationOfferModel,
    private readonly logger?: Logger,
  ) {}

  get size() {
    return this.entries.size;
  }

  /** Notes where the offer topic ends, then reads every offer (one scan): `follow` applies what came after. */
  async load(kafka?: Kafka): Promise<void> {
    if (kafka) this.startOffsets = await topicEnds(kafka, [TOPICS.offer]);
    const docs = await this.model.find({}, { outbox: 0 }).lean<CooperationOfferDocument[]>();
    for (const doc of docs) this.put(toCooperationOfferRecord(doc));
  }

  /** Follows the offer topic from where `load` noted it ended, with a consumer group of its own. */
  async follow(kafka: Kafka, groupId: string): Promise<void> {
    this.follower = new TopicFollower({
      kafka,
      groupId,
      topics: [TOPICS.offer],
      apply: (event) => this.applyEvent(event),
      logger: this.logger,
      skipped: 'offer read model: event skipped',
    });
    await this.follower.start(this.startOffsets);
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
    this.follower = undefined;
  }

  /** An offer event newer than what this process knows: the offer is read again (one `{_id}` lookup). */
  async applyEvent(event: Pick<CloudEvent, 'type' | 'subject' | 'sequence'>): Promise<boolean> {
    if (!event.type.startsWith('ccp.matchmaking.offer.')) return false;
    const known = this.entries.get(event.subject);
    if (known && known.record.version >= event.sequence) return false;
    await this.refresh(event.subject);
    return true;
  }

  /** Reads one offer from the database into memory (after a change made outside this process's writes). */
  async refresh(id: string): Promise<CooperationOfferRecord | null> {
    const doc = await this.model.findById(id, { outbox: 0 }).lean<CooperationOfferDocument>();
    if (!doc) return null;
    const record = toCooperationOfferRecord(doc);
    // A refresh after a change outside the versioned path (erasure) may carry the same version.
    this.put(record, true);
    return this.entries.get(id)?.record ?? null;
  }

  /** A record read or written by this process; an older version than the one known changes nothing. */
  put(record: CooperationOfferRecord, sameVersionToo = false): void {
    const known = this.entries.get(record.id);
    if (
      known &&
      (known.record.version > record.version || (!sameVersionToo && known.record.version === record.version))
    )
      return;
    this.entries.set(record.id, offerEntry(record));
    // Only a new offer changes the order (createdAt never changes); an update keeps the list but not its objects.
    if (!known) this.ordered = undefined;
    else if (this.ordered) {
      const at = this.ordered.indexOf(known);
      if (at >= 0) this.ordered[at] = this.entries.get(record.id)!;
    }
  }

  /** Every offer, newest first. */
  newestFirst(): readonly OfferEntry[] {
    this.ordered ??= [...this.entries.values()].sort((a, b) => newestFirst(a.record, b.record));
    return this.ordered;
  }

  /** Records in the order asked; one unknown to this process (written elsewhere, not yet followed) is read by id. */
  async byIds(ids: readonly string[]): Promise<(CooperationOfferRecord | null)[]> {
    const missing = [...new Set(ids.filter((id) => !this.entries.has(id)))];
    for (const id of missing) await this.refresh(id);
    return ids.map((id) => this.entries.get(id)?.record ?? null);
  }
}
