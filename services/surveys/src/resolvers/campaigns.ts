import type {
  CampaignClosedReason,
  CampaignStatus,
  QuestionnaireKind,
  Resolvers,
} from '../__generated__/resolvers-types.js';
import { closeCampaign } from '../domain/close-campaign.js';
import { createCampaign } from '../domain/create-campaign.js';
import { openCampaign } from '../domain/open-campaign.js';
import { listCampaigns, openCampaignsOf, readCampaign } from '../domain/read-campaigns.js';
import { updateCampaign } from '../domain/update-campaign.js';
import { effectiveStatus, type CampaignStatus as StoredStatus } from '../model/campaign.js';
import type { QuestionnaireKind as StoredKind } from '../model/questionnaire.js';
import { fromEnum, toEnum } from './enum-values.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Campaigns: queries, mutations, the Campaign type and what a cluster is asked to answer. */
export const campaignResolvers: Resolvers = {
  Query: {
    campaigns: (_, { status, economy, kind, first, offset }, ctx) =>
      listCampaigns(ctx.deps, ctx.caller, {
        status: status ? fromEnum<StoredStatus>(status) : null,
        economy,
        kind: kind ? fromEnum<StoredKind>(kind) : null,
        first,
        offset,
      }),
    campaign: (_, { id }, ctx) => readCampaign(ctx.deps, ctx.caller, id),
  },
  Mutation: {
    createCampaign: (_, { input }, ctx) => createCampaign(ctx.deps, ctx.caller, input),
    updateCampaign: (_, { id, input }, ctx) => updateCampaign(ctx.deps, ctx.caller, id, input),
    openCampaign: (_, { id, expectedVersion }, ctx) =>
      openCampaign(ctx.deps, ctx.caller, id, expectedVersion),
    closeCampaign: (_, { id, expectedVersion }, ctx) =>
      closeCampaign(ctx.deps, ctx.caller, id, expectedVersion),
  },
  Cluster: {
    openCampaigns: (cluster, _, ctx) => openCampaignsOf(ctx.deps, ctx.caller, cluster.id),
  },
  Campaign: {
    questionnaire: async (campaign, _, ctx) => {
      const questionnaire = await ctx.questionnaireById.load(campaign.questionnaireId);
      // Questionnaires are never deleted, so a campaign without one is corrupt data, not a user error.
      if (!questionnaire)
        throw new Error(`questionnaire ${campaign.questionnaireId} of ${campaign.id} is missing`);
      return questionnaire;
    },
    kind: (campaign) => toEnum<QuestionnaireKind>(campaign.questionnaireKind),
    status: (campaign) => toEnum<CampaignStatus>(effectiveStatus(campaign)),
    opensAt: (campaign) => campaign.opensAt.toISOString(),
    closesAt: (campaign) => campaign.closesAt.toISOString(),
    audience: (campaign) => campaign,
    respondedCount: (campaign, _, ctx) =>
      campaign.status === 'draft' ? 0 : ctx.campaignRespondedCount.load(campaign.id),
    createdAt: (campaign) => campaign.createdAt.toISOString(),
    openedAt: (campaign) => iso(campaign.openedAt),
    closedAt: (campaign) => iso(campaign.closedAt),
    closedReason: (campaign) =>
      campaign.closedReason ? toEnum<CampaignClosedReason>(campaign.closedReason) : null,
    remindedAt: (campaign) => iso(campaign.remindedAt),
  },
  CampaignAudience: {
    economies: (campaign) => campaign.audience.economies,
    clusters: (campaign) => campaign.audience.clusterIds.map((id) => ({ id })),
    byEconomy: (campaign) => campaign.audienceCounts,
    size: (campaign) => campaign.audienceCounts?.reduce((sum, c) => sum + c.clusters, 0) ?? null,
  },
};
