import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

export const NOTICE_KINDS = ['invitation', 'reminder'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/**
 * One batch of a campaign's invitations or reminders: the notification requests for one slice of its audience,
 * in this document's own outbox. A campaign of 10,000 clusters has 100 of them instead of one document holding
 * 10,000 events (megabytes, past what one document should carry). The id names the slice
 * (`<campaignId>:<kind>:<n>`), so a batch made again after a crash is refused as a duplicate: each cluster is
 * notified of each once.
 */
export interface CampaignNoticeDocument {
  _id: string;
  campaignId: string;
  kind: NoticeKind;
  /** The clusters of this slice that were notified (for reminders: those that had not submitted). */
  clusterIds: string[];
  createdAt: Date;
  version: number;
  outbox: CloudEvent[];
}

/** Clusters per batch: ~120 KB of events per document. */
export const NOTICES_PER_BATCH = 100;

export const noticeBatchId = (campaignId: string, kind: NoticeKind, n: number) =>
  `${campaignId}:${kind}:${n}`;

const noticeSchema = new Schema<CampaignNoticeDocument>(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true },
    kind: { type: String, enum: NOTICE_KINDS, required: true },
    clusterIds: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: 'campaign_notices', versionKey: false, minimize: false },
);

export type CampaignNoticeModel = Model<CampaignNoticeDocument>;

export function campaignNoticeModel(conn: Connection): CampaignNoticeModel {
  return (
    (conn.models.CampaignNotice as CampaignNoticeModel | undefined) ??
    conn.model<CampaignNoticeDocument>('CampaignNotice', noticeSchema)
  );
}
