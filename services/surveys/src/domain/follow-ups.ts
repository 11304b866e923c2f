import { SYSTEM_ACTOR } from '@ccp/kit';
import {
  type CampaignDocument,
  type CampaignRecord,
  followUpCampaignId,
  toCampaignRecord,
} from '../model/campaign.js';
import type { LocalizedText } from '../model/questionnaire.js';
import { daysToMs } from './campaign-deps.js';
import { isPublished } from './campaign-input.js';
import type { SurveysDeps } from './deps.js';

export const FOLLOW_UP_TITLE: LocalizedText = {
  en: 'One year on: how did your international collaboration go?',
  ru: 'Год спустя: как сложилось ваше международное сотрудничество?',
};

/** What a follow-up needs of `ccp.matchmaking.collaboration.agreed.v1`. */
export interface AgreedCollaboration {
  collaborationId: string;
  clusterIds: string[];
  economies: string[];
  agreedAt: Date;
}

/**
 * Schedules a collaboration's one-year follow-up: a draft campaign of the current follow-up questionnaire asking
 * the two clusters, opened by the worker `followUpAfterDays` after the agreement for `followUpWindowDays`. Its id
 * derives from the collaboration, so the insert itself is the dedupe: a redelivered event creates nothing and
 * returns null.
 */
export async function scheduleFollowUp(
  deps: SurveysDeps,
  collaboration: AgreedCollaboration,
  now = new Date(),
): Promise<CampaignRecord | null> {
  const { options } = deps.campaigns;
  const questionnaire = await deps.questionnaires.current('follow-up');
  // The service ships the follow-up questionnaire; without it the event is retried rather than lost.
  if (!questionnaire || !isPublished(questionnaire)) throw new Error('no published follow-up questionnaire');
  const opensAt = new Date(collaboration.agreedAt.getTime() + daysToMs(options.followUpAfterDays));
  const doc: CampaignDocument = {
    _id: followUpCampaignId(collaboration.collaborationId),
    questionnaireId: questionnaire.id,
    questionnaireKind: questionnaire.kind,
    questionnaireVersion: questionnaire.version,
    title: FOLLOW_UP_TITLE,
    audience: { economies: [], clusterIds: collaboration.clusterIds },
    scope: [...new Set(collaboration.economies)].sort(),
    opensAt,
    closesAt: new Date(opensAt.getTime() + daysToMs(options.followUpWindowDays)),
    reminderDaysBeforeClose: options.reminderDaysBeforeClose,
    status: 'draft',
    collaborationId: collaboration.collaborationId,
    opensAutomatically: true,
    audienceCounts: null,
    audienceId: null,
    createdAt: now,
    createdBy: SYSTEM_ACTOR.subject,
    updatedAt: now,
    updatedBy: SYSTEM_ACTOR.subject,
    openedAt: null,
    openedBy: null,
    closedAt: null,
    closedBy: null,
    closedReason: null,
    invitationsQueuedAt: null,
    remindedAt: null,
    version: 1,
    outbox: [],
  };
  try {
    await deps.campaigns.model.collection.insertOne(doc as never);
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return null;
    throw err;
  }
  const record = toCampaignRecord(doc);
  deps.campaigns.agenda.track(record);
  return record;
}
