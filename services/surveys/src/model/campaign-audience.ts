import { type Connection, type Model, Schema } from 'mongoose';

/**
 * Every cluster a campaign asked, resolved when it opened (immutable after): its own document, so the campaigns
 * collection stays small enough to scan and a campaign of 10,000 clusters costs one `{_id}` read.
 */
export interface CampaignAudienceDocument {
  /** `<campaignId>:<random>`: a retried or raced opening writes its own, and the campaign names the one that won. */
  _id: string;
  campaignId: string;
  /** In the order invitations and reminders are batched: the same batches whenever they are made again. */
  clusterIds: string[];
  /** The economy of each cluster at opening, in the same order. */
  economies: string[];
  createdAt: Date;
}

const audienceSchema = new Schema<CampaignAudienceDocument>(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true },
    clusterIds: { type: [String], required: true },
    economies: { type: [String], required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'campaign_audiences', versionKey: false, minimize: false },
);

export type CampaignAudienceModel = Model<CampaignAudienceDocument>;

export function campaignAudienceModel(conn: Connection): CampaignAudienceModel {
  return (
    (conn.models.CampaignAudience as CampaignAudienceModel | undefined) ??
    conn.model<CampaignAudienceDocument>('CampaignAudience', audienceSchema)
  );
}

/**
 * The clusters that submitted a response to a campaign (`_id` = campaign id), kept from the response events:
 * `$addToSet` by `_id`, so a redelivery or a replay adds nothing.
 */
export interface CampaignRespondentsDocument {
  _id: string;
  clusterIds: string[];
}

const respondentsSchema = new Schema<CampaignRespondentsDocument>(
  {
    _id: { type: String, required: true },
    clusterIds: { type: [String], default: [] },
  },
  { collection: 'campaign_respondents', versionKey: false, minimize: false },
);

export type CampaignRespondentsModel = Model<CampaignRespondentsDocument>;

export function campaignRespondentsModel(conn: Connection): CampaignRespondentsModel {
  return (
    (conn.models.CampaignRespondents as CampaignRespondentsModel | undefined) ??
    conn.model<CampaignRespondentsDocument>('CampaignRespondents', respondentsSchema)
  );
}

/** Who was asked: the clusters of an opened campaign, by id. */
export interface CampaignMembers {
  clusterIds: string[];
  economies: string[];
  has(clusterId: string): boolean;
}

/** Audiences never change once written, so each is read once per process (the most recent few hundred kept). */
export class CampaignMembersCache {
  private readonly entries = new Map<string, CampaignMembers>();

  constructor(
    private readonly model: CampaignAudienceModel,
    private readonly capacity = 200,
  ) {}

  async of(audienceId: string): Promise<CampaignMembers | null> {
    const hit = this.entries.get(audienceId);
    if (hit) return hit;
    const doc = await this.model.findById(audienceId).lean<CampaignAudienceDocument>();
    if (!doc) return null;
    const set = new Set(doc.clusterIds);
    const members: CampaignMembers = {
      clusterIds: doc.clusterIds,
      economies: doc.economies,
      has: (id) => set.has(id),
    };
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(audienceId, members);
    return members;
  }
}
