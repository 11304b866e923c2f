import { invalidStateError, validationError } from '@ccp/kit';
import { type CampaignDocument, type CampaignRecord, toCampaignRecord } from '../model/campaign.js';
import type { SurveysDeps } from './deps.js';

/**
 * The campaign a cluster answers, checked for answering now (for drafts and submissions): it exists
 * (BAD_USER_INPUT on `campaignId` otherwise), it is open and `now` is inside its window (INVALID_STATE on
 * `campaignId`, with `status` DRAFT, CLOSED or, before `opensAt`, OPEN and the `opensAt`), and the cluster is in
 * its audience (INVALID_STATE on `clusterId`, `reason: NOT_IN_AUDIENCE`: whoever asks, the campaign did not ask
 * that cluster — no privilege changes that). Reads the campaign fresh by id: a campaign closed a moment ago refuses.
 * Its `questionnaireId` is what the cluster answers; a follow-up's `collaborationId` goes into the response event.
 */
export async function campaignOpenFor(
  deps: SurveysDeps,
  campaignId: string,
  clusterId: string,
  now = new Date(),
): Promise<CampaignRecord> {
  const doc = await deps.campaigns.model.findById(campaignId, { outbox: 0 }).lean<CampaignDocument>();
  if (!doc) throw validationError([{ field: 'campaignId', reason: `${campaignId} is not a known campaign` }]);
  const campaign = toCampaignRecord({ ...doc, outbox: [] });
  if (campaign.status === 'draft') {
    throw invalidStateError(`Campaign ${campaignId} is not open yet`, {
      field: 'campaignId',
      status: 'DRAFT',
    });
  }
  if (campaign.status === 'closed' || campaign.closesAt.getTime() <= now.getTime()) {
    const closedAt =
      campaign.closedAt && campaign.closedAt < campaign.closesAt ? campaign.closedAt : campaign.closesAt;
    throw invalidStateError(
      `Campaign ${campaignId} closed on ${closedAt.toISOString()}; answers are no longer accepted`,
      { field: 'campaignId', status: 'CLOSED', closedAt: closedAt.toISOString() },
    );
  }
  if (campaign.opensAt.getTime() > now.getTime()) {
    throw invalidStateError(`Campaign ${campaignId} accepts answers from ${campaign.opensAt.toISOString()}`, {
      field: 'campaignId',
      status: 'OPEN',
      opensAt: campaign.opensAt.toISOString(),
    });
  }
  const members = campaign.audienceId ? await deps.campaigns.members.of(campaign.audienceId) : null;
  if (!members?.has(clusterId)) {
    throw invalidStateError(`Campaign ${campaignId} does not ask cluster ${clusterId}`, {
      field: 'clusterId',
      reason: 'NOT_IN_AUDIENCE',
    });
  }
  return campaign;
}
