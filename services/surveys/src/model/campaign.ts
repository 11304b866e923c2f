import { type CloudEvent, derivedUuid, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';
import type { LocalizedText, QuestionnaireKind } from './questionnaire.js';

export const CAMPAIGN_STATUSES = ['draft', 'open', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Why a campaign stopped taking answers. */
export const CLOSED_REASONS = ['by-hand', 'window-ended', 'cancelled', 'no-audience'] as const;
export type ClosedReason = (typeof CLOSED_REASONS)[number];

/** Whom a campaign asks, as its author gave it: every published cluster of the economies, and these clusters. */
export interface CampaignAudienceSpec {
  economies: string[];
  clusterIds: string[];
}

/** How many clusters of one economy a campaign asked, counted when it opened. */
export interface AudienceCount {
  economy: string;
  clusters: number;
}

/** A questionnaire campaign as the rest of the service sees it: a plain object, never a mongoose document. */
export interface CampaignRecord {
  id: string;
  questionnaireId: string;
  questionnaireKind: QuestionnaireKind;
  questionnaireVersion: number;
  title: LocalizedText;
  audience: CampaignAudienceSpec;
  /** The economies the audience touches: a coordinator of all of them may manage it, of any of them read it. */
  scope: string[];
  opensAt: Date;
  closesAt: Date;
  /** Clusters that have not submitted are reminded this many days before closing; 0: never. */
  reminderDaysBeforeClose: number;
  status: CampaignStatus;
  /** The collaboration a follow-up asks about (its responses carry it); null for other campaigns. */
  collaborationId: string | null;
  /** Opened by the service at `opensAt` (the one-year follow-ups), not by hand. */
  opensAutomatically: boolean;
  /** The clusters asked per economy, counted at opening; null before. */
  audienceCounts: AudienceCount[] | null;
  /** The document listing every cluster asked (campaign_audiences), written at opening; null before. */
  audienceId: string | null;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
  closedReason: ClosedReason | null;
  /** Every invitation is queued (in campaign_notices); null while some may be missing. */
  invitationsQueuedAt: Date | null;
  /** Every reminder is queued; null before. */
  remindedAt: Date | null;
  version: number;
}

export interface CampaignDocument extends Omit<CampaignRecord, 'id'> {
  _id: string;
  updatedBy: string;
  openedBy: string | null;
  closedBy: string | null;
  outbox: CloudEvent[];
}

const campaignSchema = new Schema<CampaignDocument>(
  {
    _id: { type: String, required: true },
    questionnaireId: { type: String, required: true },
    questionnaireKind: { type: String, required: true },
    questionnaireVersion: { type: Number, required: true },
    title: { type: Object, required: true },
    audience: { type: Object, required: true },
    scope: { type: [String], required: true },
    opensAt: { type: Date, required: true },
    closesAt: { type: Date, required: true },
    reminderDaysBeforeClose: { type: Number, required: true },
    status: { type: String, enum: CAMPAIGN_STATUSES, required: true },
    collaborationId: { type: String, default: null },
    opensAutomatically: { type: Boolean, default: false },
    audienceCounts: { type: [Object], default: null },
    audienceId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
    openedAt: { type: Date, default: null },
    openedBy: { type: String, default: null },
    closedAt: { type: Date, default: null },
    closedBy: { type: String, default: null },
    closedReason: { type: String, default: null },
    invitationsQueuedAt: { type: Date, default: null },
    remindedAt: { type: Date, default: null },
    ...outboxSchemaFields,
  },
  { collection: 'campaigns', versionKey: false, minimize: false },
);

export type CampaignModel = Model<CampaignDocument>;

export function campaignModel(conn: Connection): CampaignModel {
  return (
    (conn.models.Campaign as CampaignModel | undefined) ??
    conn.model<CampaignDocument>('Campaign', campaignSchema)
  );
}

export function toCampaignRecord(doc: CampaignDocument): CampaignRecord {
  return {
    id: doc._id,
    questionnaireId: doc.questionnaireId,
    questionnaireKind: doc.questionnaireKind,
    questionnaireVersion: doc.questionnaireVersion,
    title: doc.title,
    audience: { economies: doc.audience?.economies ?? [], clusterIds: doc.audience?.clusterIds ?? [] },
    scope: doc.scope ?? [],
    opensAt: doc.opensAt,
    closesAt: doc.closesAt,
    reminderDaysBeforeClose: doc.reminderDaysBeforeClose,
    status: doc.status,
    collaborationId: doc.collaborationId ?? null,
    opensAutomatically: doc.opensAutomatically ?? false,
    audienceCounts: doc.audienceCounts ?? null,
    audienceId: doc.audienceId ?? null,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    updatedAt: doc.updatedAt,
    openedAt: doc.openedAt ?? null,
    closedAt: doc.closedAt ?? null,
    closedReason: doc.closedReason ?? null,
    invitationsQueuedAt: doc.invitationsQueuedAt ?? null,
    remindedAt: doc.remindedAt ?? null,
    version: doc.version,
  };
}

/**
 * The status a reader sees: an open campaign whose window has ended reads CLOSED at once, before the
 * worker writes it.
 */
export function effectiveStatus(
  c: Pick<CampaignRecord, 'status' | 'closesAt'>,
  now = new Date(),
): CampaignStatus {
  return c.status === 'open' && c.closesAt.getTime() <= now.getTime() ? 'closed' : c.status;
}

/**
 * The id of a collaboration's follow-up campaign: derived, so a redelivered "collaboration agreed" finds the
 * campaign it already made. Shaped as a UUID (version 8: custom) like every other aggregate id.
 */
export function followUpCampaignId(collaborationId: string): string {
  return derivedUuid('follow-up', collaborationId);
}

export interface CampaignListFilter {
  status?: CampaignStatus;
  economy?: string;
  kind?: QuestionnaireKind;
}

/** Reads that return plain records. */
export class CampaignRepository {
  constructor(readonly model: CampaignModel) {}

  async byId(id: string): Promise<CampaignRecord | null> {
    const doc = await this.model.findById(id).lean<CampaignDocument>();
    return doc ? toCampaignRecord(doc) : null;
  }

  async byIds(ids: readonly string[]): Promise<(CampaignRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...ids] } }).lean<CampaignDocument[]>();
    const byId = new Map(docs.map((d) => [d._id, toCampaignRecord(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * Campaigns matching the filter, newest first. The status filter is applied to what readers see (an open
   * campaign past its window is closed). Campaign documents are small (the audience lives elsewhere), so one
   * scan serves any filter.
   */
  async list(filter: CampaignListFilter, now = new Date()): Promise<CampaignRecord[]> {
    const query: Record<string, unknown> = {};
    if (filter.economy) query.scope = filter.economy;
    if (filter.kind) query.questionnaireKind = filter.kind;
    if (filter.status === 'draft') query.status = 'draft';
    else if (filter.status) query.status = { $in: ['open', 'closed'] };
    const docs = await this.model.find(query).sort({ createdAt: -1, _id: 1 }).lean<CampaignDocument[]>();
    const records = docs.map(toCampaignRecord);
    return filter.status ? records.filter((c) => effectiveStatus(c, now) === filter.status) : records;
  }

  /** Open campaigns (by stored status, their window maybe ended), for the cache of what clusters are asked. */
  async open(): Promise<CampaignRecord[]> {
    const docs = await this.model.find({ status: 'open' }).lean<CampaignDocument[]>();
    return docs.map(toCampaignRecord);
  }

  /** Campaigns the worker may have something to do for: drafts that open themselves, and open ones. */
  async unfinished(): Promise<CampaignRecord[]> {
    const docs = await this.model
      .find({ $or: [{ status: 'open' }, { status: 'draft', opensAutomatically: true }] }, { outbox: 0 })
      .lean<CampaignDocument[]>();
    return docs.map((d) => toCampaignRecord({ ...d, outbox: [] }));
  }
}
