import { type CloudEvent, insertNew, SYSTEM_ACTOR } from '@ccp/kit';
import { campaignInvitation, campaignReminder } from '../events/campaign-events.js';
import type { CampaignMembers } from '../model/campaign-audience.js';
import {
  type CampaignNoticeDocument,
  NOTICES_PER_BATCH,
  type NoticeKind,
  noticeBatchId,
} from '../model/campaign-notices.js';
import type { CampaignDocument } from '../model/campaign.js';
import type { SurveysDeps } from './deps.js';

/** Batch documents per insert and per relay read: ~2.4 MB of events at a time. */
const BATCHES_PER_WRITE = 20;

type NoticeCampaign = Pick<
  CampaignDocument,
  '_id' | 'title' | 'opensAt' | 'closesAt' | 'collaborationId' | 'audienceId'
>;

async function membersOf(deps: SurveysDeps, campaign: NoticeCampaign): Promise<CampaignMembers> {
  const members = campaign.audienceId ? await deps.campaigns.members.of(campaign.audienceId) : null;
  if (!members)
    throw new Error(`campaign ${campaign._id} is open without its audience ${campaign.audienceId}`);
  return members;
}

/**
 * Writes one kind of notice for a campaign's audience, a batch document per slice of `NOTICES_PER_BATCH`
 * clusters in audience order, and publishes them. A batch already written (a retry after a crash) is refused by
 * its id and left to the relay, so no cluster hears twice; `include` picks who of each slice is notified.
 */
async function queueNotices(
  deps: SurveysDeps,
  campaign: NoticeCampaign,
  kind: NoticeKind,
  members: CampaignMembers,
  include: (clusterId: string) => boolean,
  now: Date,
): Promise<number> {
  const notice = kind === 'invitation' ? campaignInvitation : campaignReminder;
  const { notices, noticeRelay } = deps.campaigns;
  let notified = 0;
  const slices = Math.ceil(members.clusterIds.length / NOTICES_PER_BATCH);
  for (let first = 0; first < slices; first += BATCHES_PER_WRITE) {
    const batches: CampaignNoticeDocument[] = [];
    for (let n = first; n < Math.min(slices, first + BATCHES_PER_WRITE); n++) {
      const clusterIds = members.clusterIds
        .slice(n * NOTICES_PER_BATCH, (n + 1) * NOTICES_PER_BATCH)
        .filter(include);
      const outbox: CloudEvent[] = clusterIds.map((clusterId) => notice(campaign, clusterId, SYSTEM_ACTOR));
      for (const event of outbox) deps.validator.assertValid(event);
      batches.push({
        _id: noticeBatchId(campaign._id, kind, n),
        campaignId: campaign._id,
        kind,
        clusterIds,
        createdAt: now,
        version: 1,
        outbox,
      });
    }
    const existing = await insertNew(notices, batches);
    notified += batches.filter((_, i) => !existing.has(i)).reduce((sum, b) => sum + b.clusterIds.length, 0);
    // A failed publish stays in the batches' outboxes for the relay's sweep.
    await noticeRelay
      .flushMany(
        batches.map((b) => b._id),
        BATCHES_PER_WRITE,
      )
      .catch(() => {});
  }
  return notified;
}

/**
 * Invites the managers of every cluster of an opened campaign, then marks the campaign (no version change: a
 * notice is no change of the campaign). Returns the clusters invited by this call.
 */
export async function queueInvitations(
  deps: SurveysDeps,
  campaign: NoticeCampaign,
  now = new Date(),
): Promise<number> {
  const members = await membersOf(deps, campaign);
  const invited = await queueNotices(deps, campaign, 'invitation', members, () => true, now);
  await deps.campaigns.model.updateOne(
    { _id: campaign._id, invitationsQueuedAt: null },
    { $set: { invitationsQueuedAt: now } },
  );
  return invited;
}

/** Reminds the managers of the clusters that have not submitted, once per cluster, then marks the campaign. */
export async function queueReminders(
  deps: SurveysDeps,
  campaign: NoticeCampaign,
  now = new Date(),
): Promise<number> {
  const members = await membersOf(deps, campaign);
  const responded = await deps.campaigns.respondents.findById(campaign._id).lean<{ clusterIds: string[] }>();
  const done = new Set(responded?.clusterIds ?? []);
  const reminded = await queueNotices(deps, campaign, 'reminder', members, (id) => !done.has(id), now);
  await deps.campaigns.model.updateOne(
    { _id: campaign._id, remindedAt: null },
    { $set: { remindedAt: now } },
  );
  return reminded;
}
