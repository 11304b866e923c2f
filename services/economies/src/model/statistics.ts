import { type AppliedMarker, MEMBER_TYPES, type MemberType } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

/** The questionnaire kinds as GraphQL names them (events spell them `internationalization`, `follow-up`…). */
export type QuestionnaireKind = 'INTERNATIONALIZATION' | 'FOLLOW_UP' | 'WORKSHOP_FEEDBACK';

export const MIN_STATISTICS_YEAR = 2000;
export const MAX_STATISTICS_YEAR = 2100;

/** The APEC-wide document's id, where an economy code would be. */
export const APEC_STATISTICS = 'APEC';

/** What one cluster's public profile adds to its economy's figures. */
export interface ProfileFigures {
  specializations: string[];
  /** The declared member count, or the number of listed key members when none is declared. */
  members: number;
  /** Listed key members by type (only key members have a type). */
  memberTypes: Partial<Record<MemberType, number>>;
  internationalMemberships: number;
  successStories: number;
  internationalSuccessStories: number;
}

/**
 * What statistics knows of one cluster, from registry events (applied once per sequence). `history` holds the
 * profile figures from a year on (ascending by `from`), so the figures at any year's end can be told.
 */
export interface StatisticsClusterDocument {
  _id: string;
  economy: string;
  status: string;
  publishedAt: Date | null;
  archivedAt: Date | null;
  figures: ProfileFigures;
  history: ({ from: number } & ProfileFigures)[];
  applied: AppliedMarker;
}

/** One cooperation offer: open from `publishedAt` until `closedAt`. */
export interface StatisticsOfferDocument {
  _id: string;
  economy: string;
  clusterId: string;
  kind?: string;
  publishedAt?: Date | null;
  closedAt?: Date | null;
  applied: AppliedMarker;
}

/** One questionnaire campaign and how many clusters of each economy it asked. */
export interface StatisticsCampaignDocument {
  _id: string;
  questionnaireKind: QuestionnaireKind;
  opensAt: Date;
  closesAt: Date;
  audience: { economy: string; clusters: number }[];
  applied: AppliedMarker;
}

/**
 * The clusters of one economy that responded to one campaign (`<campaignId>:<economy>`): a set, so a cluster's
 * second response, a redelivery or a replay adds nothing, and the rate is read by `_id`, never by a scan.
 */
export interface StatisticsRespondersDocument {
  _id: string;
  campaignId: string;
  economy: string;
  clusters: string[];
}

export interface ResponseRate {
  campaignId: string;
  questionnaireKind: QuestionnaireKind;
  opensAt: string;
  audience: number;
  responded: number;
  rate: number | null;
}

/** The figures of one economy (or APEC-wide), now or at the end of a year, as the API gives them. */
export interface StatisticsFigures {
  publishedClusters: number;
  members: number;
  bySpecialization: { code: string; clusters: number }[];
  byMemberType: { memberType: MemberType; members: number }[];
  clustersWithInternationalMemberships: number;
  internationalMemberships: number;
  openCooperationOffers: number;
  successStories: number;
  internationalSuccessStories: number;
  responseRates: ResponseRate[];
}

export type YearFigures = { year: number } & StatisticsFigures;

/** The figures that come from cluster profiles. */
export type ClusterFigures = Omit<StatisticsFigures, 'openCooperationOffers' | 'responseRates'>;

/** A section's figures now and at the end of every year from the first with anything to count to its `asOf` year. */
export interface Section<T> {
  current: T;
  years: ({ year: number } & T)[];
}

/**
 * The read model: one document per economy (`_id` = code) and one APEC-wide. Each section is recomputed from its
 * own facts when they change (a response never rereads the clusters), and a recompute that started earlier never
 * overwrites a later one (`*AsOf`).
 */
export interface EconomyStatisticsDocument {
  _id: string;
  clusters: Section<ClusterFigures>;
  offers: Section<{ open: number }>;
  /** Every campaign that asked the economy's clusters, newest first. */
  responseRates: ResponseRate[];
  clustersAsOf: Date | null;
  offersAsOf: Date | null;
  ratesAsOf: Date | null;
}

export const STATISTICS_SECTIONS = ['clusters', 'offers', 'rates'] as const;
export type StatisticsSection = (typeof STATISTICS_SECTIONS)[number];

const factOptions = { versionKey: false, minimize: false } as const;

const clusterSchema = new Schema<StatisticsClusterDocument>(
  {
    _id: { type: String, required: true },
    economy: { type: String, required: true },
    status: { type: String, required: true },
    publishedAt: { type: Date, default: null },
    archivedAt: { type: Date, default: null },
    figures: { type: Object, required: true },
    history: { type: [Object], default: [] },
    applied: { type: Object, required: true },
  },
  { collection: 'statistics_clusters', ...factOptions },
);

const offerSchema = new Schema<StatisticsOfferDocument>(
  {
    _id: { type: String, required: true },
    economy: { type: String, required: true },
    clusterId: { type: String, required: true },
    kind: { type: String },
    publishedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    applied: { type: Object, required: true },
  },
  { collection: 'statistics_offers', ...factOptions },
);

const campaignSchema = new Schema<StatisticsCampaignDocument>(
  {
    _id: { type: String, required: true },
    questionnaireKind: { type: String, required: true },
    opensAt: { type: Date, required: true },
    closesAt: { type: Date, required: true },
    audience: { type: [Object], required: true },
    applied: { type: Object, required: true },
  },
  { collection: 'statistics_campaigns', ...factOptions },
);

const respondersSchema = new Schema<StatisticsRespondersDocument>(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true },
    economy: { type: String, required: true },
    clusters: { type: [String], default: [] },
  },
  { collection: 'statistics_responders', ...factOptions },
);

const economyStatisticsSchema = new Schema<EconomyStatisticsDocument>(
  {
    _id: { type: String, required: true },
    clusters: { type: Object, required: true },
    offers: { type: Object, required: true },
    responseRates: { type: [Object], default: [] },
    clustersAsOf: { type: Date, default: null },
    offersAsOf: { type: Date, default: null },
    ratesAsOf: { type: Date, default: null },
  },
  { collection: 'economy_statistics', ...factOptions },
);

export interface StatisticsModels {
  clusters: Model<StatisticsClusterDocument>;
  offers: Model<StatisticsOfferDocument>;
  campaigns: Model<StatisticsCampaignDocument>;
  responders: Model<StatisticsRespondersDocument>;
  economies: Model<EconomyStatisticsDocument>;
}

function modelOf<T>(conn: Connection, name: string, schema: Schema<T>): Model<T> {
  return (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);
}

export function statisticsModels(conn: Connection): StatisticsModels {
  return {
    clusters: modelOf(conn, 'StatisticsCluster', clusterSchema),
    offers: modelOf(conn, 'StatisticsOffer', offerSchema),
    campaigns: modelOf(conn, 'StatisticsCampaign', campaignSchema),
    responders: modelOf(conn, 'StatisticsResponders', respondersSchema),
    economies: modelOf(conn, 'EconomyStatistics', economyStatisticsSchema),
  };
}

export const EMPTY_CLUSTER_FIGURES: ClusterFigures = {
  publishedClusters: 0,
  members: 0,
  bySpecialization: [],
  byMemberType: MEMBER_TYPES.map((memberType) => ({ memberType, members: 0 })),
  clustersWithInternationalMemberships: 0,
  internationalMemberships: 0,
  successStories: 0,
  internationalSuccessStories: 0,
};

const EMPTY_DOCUMENT: Omit<EconomyStatisticsDocument, '_id'> = {
  clusters: { current: EMPTY_CLUSTER_FIGURES, years: [] },
  offers: { current: { open: 0 }, years: [] },
  responseRates: [],
  clustersAsOf: null,
  offersAsOf: null,
  ratesAsOf: null,
};

/** One empty document per economy and APEC-wide, so recomputes are plain guarded updates; idempotent. */
export async function seedEconomyStatistics(models: StatisticsModels, codes: string[]): Promise<void> {
  await models.economies.bulkWrite(
    [...codes, APEC_STATISTICS].map((code) => ({
      updateOne: {
        filter: { _id: code },
        update: { $setOnInsert: EMPTY_DOCUMENT },
        upsert: true,
      },
    })),
  );
}
