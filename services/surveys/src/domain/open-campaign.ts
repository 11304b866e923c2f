import { randomUUID } from 'node:crypto';
import { type Actor, actorOf, type Caller, invalidStateError, requireSignedIn } from '@ccp/kit';
import { campaignOpened } from '../events/campaign-events.js';
import { type CampaignDocument, type CampaignRecord, toCampaignRecord } from '../model/campaign.js';
import type { QuestionnaireRecord } from '../model/questionnaire.js';
import { requireCampaignPrivilege } from './campaign-access.js';
import { resolveAudience } from './campaign-audience.js';
import { daysToMs } from './campaign-deps.js';
import { isPublished } from './campaign-input.js';
import { queueInvitations } from './campaign-notices.js';
import type { SurveysDeps } from './deps.js';
import { requireExpectedVersion, storedCampaign } from './update-campaign.js';

/**
 * Opens a draft campaign: the secretariat, or a coordinator of every economy it asks. Opening again returns the
 * open campaign and sends nothing.
 */
export async function openCampaign(
  deps: SurveysDeps,
  caller: Caller,
  id: unknown,
  expectedVersion?: number | null,
): Promise<CampaignRecord> {
  const action = 'open this campaign';
  requireSignedIn(caller, action);
  const current = await storedCampaign(deps, id);
  const privilege = requireCampaignPrivilege(caller, current.scope, action);
  if (current.status === 'open') return toCampaignRecord(current);
  requireExpectedVersion(current, expectedVersion);
  return openStoredCampaign(deps, current, actorOf(caller, privilege));
}

/**
 * The questionnaire an opening asks: a follow-up the follow-up questionnaire current when it opens, any other
 * campaign its own version, which must still be published (a retired one is INVALID_STATE: choose another).
 */
async function questionnaireAtOpening(
  deps: SurveysDeps,
  campaign: CampaignDocument,
): Promise<QuestionnaireRecord> {
  if (campaign.questionnaireKind === 'follow-up') {
    const current = await deps.questionnaires.current('follow-up');
    if (current && isPublished(current) && current.version >= campaign.questionnaireVersion) return current;
  }
  const questionnaire = await deps.questionnaires.byId(campaign.questionnaireId);
  if (!questionnaire || !isPublished(questionnaire)) {
    throw invalidStateError(
      `Campaign ${campaign._id} asks ${campaign.questionnaireId}, which is ${questionnaire?.status ?? 'missing'}; choose a published version first`,
      { field: 'questionnaireId' },
    );
  }
  return questionnaire;
}

/**
 * Opens a stored draft: resolves the audience (published clusters now) into its own document, then in one
 * version-guarded update sets the status, the audience counts and `ccp.surveys.campaign.opened.v1`; then
 * invites every cluster's managers. A follow-up opened after its window (the service was down, or replayed an old
 * collaboration) gets a fresh window of the same length from now.
 */
export async function openStoredCampaign(
  deps: SurveysDeps,
  current: CampaignDocument,
  actor: Actor,
  now = new Date(),
): Promise<CampaignRecord> {
  if (current.status === 'open') return toCampaignRecord(current);
  if (current.status === 'closed') {
    throw invalidStateError(`Campaign ${current._id} is closed and cannot be opened again`, {
      field: 'id',
      status: 'CLOSED',
    });
  }
  let { opensAt, closesAt } = current;
  if (current.opensAutomatically && closesAt.getTime() <= now.getTime()) {
    opensAt = now;
    closesAt = new Date(now.getTime() + daysToMs(deps.campaigns.options.followUpWindowDays));
  }
  if (closesAt.getTime() <= now.getTime()) {
    throw invalidStateError(
      `Campaign ${current._id} closed on ${closesAt.toISOString()}; move closesAt before opening it`,
      { field: 'closesAt' },
    );
  }
  const questionnaire = await questionnaireAtOpening(deps, current);
  const audience = await resolveAudience(deps, current.audience);
  if (audience.clusterIds.length === 0) {
    throw invalidStateError(
      `Campaign ${current._id} would ask no one: no cluster of its audience is published`,
      {
        field: 'audience',
      },
    );
  }
  const audienceId = `${current._id}:${randomUUID()}`;
  await deps.campaigns.audiences.collection.insertOne({
    _id: audienceId,
    campaignId: current._id,
    clusterIds: audience.clusterIds,
    economies: audience.economies,
    createdAt: now,
  } as never);

  const changes = {
    status: 'open' as const,
    questionnaireId: questionnaire.id,
    questionnaireKind: questionnaire.kind,
    questionnaireVersion: questionnaire.version,
    opensAt,
    closesAt,
    audienceCounts: audience.counts,
    audienceId,
    openedAt: now,
    openedBy: actor.subject,
    updatedAt: now,
    updatedBy: actor.subject,
    version: current.version + 1,
  };
  const next: CampaignDocument = { ...current, ...changes };
  const event = campaignOpened({ ...next, openedAt: now }, audience.counts, actor);
  deps.validator.assertValid(event);
  const res = await deps.campaigns.model.updateOne(
    { _id: current._id, version: current.version, status: 'draft' },
    { $set: { ...changes, outbox: [...(current.outbox ?? []), event] } },
  );
  if (res.matchedCount !== 1) {
    const latest = await deps.campaigns.model.findById(current._id).lean<CampaignDocument>();
    // A concurrent opening won: the caller gets the open campaign, and only one event exists.
    if (latest?.status === 'open') return toCampaignRecord(latest);
    throw invalidStateError(`Campaign ${current._id} changed while opening; read it again and retry`, {
      field: 'expectedVersion',
    });
  }
  await deps.campaigns.relay.flush(current._id).catch(() => {});
  deps.campaigns.openList.invalidate();
  // Invitations that fail here are queued by the worker: the agenda holds the campaign due at once.
  const invitedAt = await queueInvitations(deps, next, now).then(
    () => now,
    (err) => {
      deps.campaigns.logger.warn(
        { err, campaignId: current._id },
        'invitations failed; the campaign worker retries',
      );
      return null;
    },
  );
  const opened = toCampaignRecord({ ...next, invitationsQueuedAt: invitedAt });
  deps.campaigns.agenda.track(opened);
  return opened;
}
