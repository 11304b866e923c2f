import {
  applyOnce,
  type CloudEvent,
  type ConsumerDeps,
  EventConsumer,
  type HandleResult,
  type Logger,
  referenceEconomies,
} from '@ccp/kit';
import type { Connection } from 'mongoose';
import { StatisticsRepository } from '../domain/statistics.js';
import {
  type ClusterProfileData,
  profileFigures,
  questionnaireKindOf,
  withHistory,
} from '../domain/statistics-figures.js';
import { StatisticsProjector } from '../domain/statistics-projector.js';
import {
  type StatisticsCampaignDocument,
  type StatisticsClusterDocument,
  type StatisticsModels,
  type StatisticsOfferDocument,
  seedEconomyStatistics,
  statisticsModels,
} from '../model/statistics.js';

export const OFFER_PUBLISHED = 'ccp.matchmaking.offer.published.v1';
export const OFFER_CLOSED = 'ccp.matchmaking.offer.closed.v1';
export const CAMPAIGN_OPENED = 'ccp.surveys.campaign.opened.v1';
export const STATISTICS_RESPONSE_SUBMITTED = 'ccp.surveys.response.submitted.v1';

interface ClusterData extends ClusterProfileData {
  clusterId: string;
  economy: string;
  status: string;
  publishedAt?: string;
  archivedAt?: string;
}

interface OfferData {
  offerId: string;
  clusterId: string;
  economy: string;
  kind?: string;
  status?: string;
  publishedAt?: string;
  closedAt?: string;
}

interface CampaignData {
  campaignId: string;
  questionnaireKind: string;
  opensAt: string;
  closesAt: string;
  audience: { economy: string; clusters: number }[];
}

interface ResponseData {
  clusterId: string;
  economy: string;
  campaignId: string | null;
}

type Handler = (event: CloudEvent) => Promise<HandleResult>;

/**
 * A cluster's state and profile figures, with the figures in force from the event's year on; `publishedAt` is kept
 * from the published event (later events do not carry it) and `archivedAt` comes with the archive.
 */
function onCluster(models: StatisticsModels, projector: StatisticsProjector): Handler {
  return async (event) => {
    const data = event.data as unknown as ClusterData;
    const previous = await models.clusters.findById(event.subject).lean<StatisticsClusterDocument>();
    if (previous && previous.applied.sequence >= event.sequence) return 'skipped';
    const figures = profileFigures(data);
    const at = new Date(event.time);
    const publishedAt = data.publishedAt
      ? new Date(data.publishedAt)
      : (previous?.publishedAt ?? (data.status === 'published' ? at : null));
    const archivedAt =
      data.status === 'archived'
        ? data.archivedAt
          ? new Date(data.archivedAt)
          : (previous?.archivedAt ?? at)
        : null;
    const result = await applyOnce(models.clusters, event.subject, event, {
      economy: data.economy,
      status: data.status,
      publishedAt,
      archivedAt,
      figures,
      history: withHistory(previous?.history ?? [], at.getUTCFullYear(), figures),
    });
    if (result === 'applied')
      projector.markDirty('clusters', data.economy, ...(previous ? [previous.economy] : []));
    return result;
  };
}

/** An offer is open from its publication until it is closed; an offer published closed never opened. */
function onOffer(models: StatisticsModels, projector: StatisticsProjector): Handler {
  return async (event) => {
    const data = event.data as unknown as OfferData;
    const state: Partial<StatisticsOfferDocument> =
      event.type === OFFER_PUBLISHED
        ? {
            economy: data.economy,
            clusterId: data.clusterId,
            kind: data.kind,
            publishedAt: new Date(data.publishedAt ?? event.time),
            closedAt: data.status === 'closed' ? new Date(data.publishedAt ?? event.time) : null,
          }
        : {
            economy: data.economy,
            clusterId: data.clusterId,
            closedAt: new Date(data.closedAt ?? event.time),
          };
    const result = await applyOnce(models.offers, data.offerId, event, state);
    if (result === 'applied') projector.markDirty('offers', data.economy);
    return result;
  };
}

/** A campaign's audience per economy is the denominator of those economies' response rates. */
function onCampaign(models: StatisticsModels, projector: StatisticsProjector): Handler {
  return async (event) => {
    const data = event.data as unknown as CampaignData;
    const previous = await models.campaigns
      .findById(data.campaignId, { audience: 1 })
      .lean<StatisticsCampaignDocument>();
    const result = await applyOnce(models.campaigns, data.campaignId, event, {
      questionnaireKind: questionnaireKindOf(data.questionnaireKind),
      opensAt: new Date(data.opensAt),
      closesAt: new Date(data.closesAt),
      audience: data.audience.map((a) => ({ economy: a.economy, clusters: a.clusters })),
    });
    if (result === 'applied') {
      const economies = [...data.audience, ...(previous?.audience ?? [])].map((a) => a.economy);
      projector.markDirty('rates', ...economies);
    }
    return result;
  };
}

/**
 * A cluster responds to a campaign once, however many responses it submits: the cluster joins its economy's set of
 * responders to the campaign (`$addToSet`, one write keyed by `_id`), so a second response, a redelivery or a
 * replay adds nothing, and a response read before its campaign still counts once the campaign arrives.
 */
function onResponse(models: StatisticsModels, projector: StatisticsProjector): Handler {
  return async (event) => {
    const data = event.data as unknown as ResponseData;
    if (!data.campaignId) return 'skipped';
    const res = await models.responders.updateOne(
      { _id: `${data.campaignId}:${data.economy}` },
      {
        $setOnInsert: { campaignId: data.campaignId, economy: data.economy },
        $addToSet: { clusters: data.clusterId },
      },
      { upsert: true },
    );
    if (res.modifiedCount === 0 && res.upsertedCount === 0) return 'skipped';
    projector.markDirty('rates', data.economy);
    return 'applied';
  };
}

/** The statistics consumer's handler: each event changes one fact once; the economies' figures are recomputed. */
export function statisticsEventHandler(models: StatisticsModels, projector: StatisticsProjector): Handler {
  const cluster = onCluster(models, projector);
  const offer = onOffer(models, projector);
  const campaign = onCampaign(models, projector);
  const response = onResponse(models, projector);
  return async (event) => {
    if (event.type.startsWith('ccp.registry.cluster.')) return cluster(event);
    if (event.type === OFFER_PUBLISHED || event.type === OFFER_CLOSED) return offer(event);
    if (event.type === CAMPAIGN_OPENED) return campaign(event);
    if (event.type === STATISTICS_RESPONSE_SUBMITTED) return response(event);
    return 'skipped';
  };
}

/**
 * The statistics read model: its collections, the projector (every economy recomputed in the background from the
 * start, so a crash between a fact and the figures heals while the stored figures are served), the reader, and its
 * consumer group's member.
 */
export async function statisticsReadModel(mongo: Connection, logger: Logger) {
  const models = statisticsModels(mongo);
  await Promise.all(Object.values(models).map((m) => m.init()));
  const codes = referenceEconomies().map((e) => e.code);
  await seedEconomyStatistics(models, codes);
  const projector = new StatisticsProjector(models, codes, logger);
  // A full recompute scans the facts (seconds at 10,000 clusters on FerretDB SQLite): it runs behind the start.
  projector.markAll();
  return {
    models,
    projector,
    repository: new StatisticsRepository(models),
    /** Reads the cluster, offer, campaign and response topics under its own group (`<groupId>-statistics`). */
    consumer: (deps: ConsumerDeps, groupId: string, topics: string[]) =>
      new EventConsumer({ ...deps, groupId, topics, handle: statisticsEventHandler(models, projector) }),
  };
}
