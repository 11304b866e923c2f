import { randomUUID } from 'node:crypto';
import { type Caller, parseInput, validationError } from '@ccp/kit';
import { type CampaignDocument, type CampaignRecord, toCampaignRecord } from '../model/campaign.js';
import { requireCampaignAuthor, requireCampaignPrivilege } from './campaign-access.js';
import { audienceClusters, campaignQuestionnaire, createCampaignInput, scopeOf } from './campaign-input.js';
import type { SurveysDeps } from './deps.js';

/**
 * Creates a draft campaign: the secretariat for any audience, a coordinator for one within their own economies
 * (named economies and the economies of named clusters). Nothing is sent until it opens; no event (none exists
 * for drafts in the contracts).
 */
export async function createCampaign(
  deps: SurveysDeps,
  caller: Caller,
  input: unknown,
): Promise<CampaignRecord> {
  const action = 'create questionnaire campaigns';
  requireCampaignAuthor(caller, action);
  const v = parseInput(createCampaignInput, input);
  const now = new Date();
  if (v.closesAt.getTime() <= now.getTime()) {
    throw validationError([{ field: 'closesAt', reason: 'must be in the future' }]);
  }
  const questionnaire = await campaignQuestionnaire(deps, v.questionnaireId);
  const clusters = await audienceClusters(deps, v.audience.clusterIds);
  const scope = scopeOf(v.audience.economies, clusters.values());
  requireCampaignPrivilege(caller, scope, action);

  const doc: CampaignDocument = {
    _id: randomUUID(),
    questionnaireId: questionnaire.id,
    questionnaireKind: questionnaire.kind,
    questionnaireVersion: questionnaire.version,
    title: { en: v.title.en, ...(v.title.ru ? { ru: v.title.ru } : {}) },
    audience: v.audience,
    scope,
    opensAt: v.opensAt,
    closesAt: v.closesAt,
    reminderDaysBeforeClose: v.reminderDaysBeforeClose ?? deps.campaigns.options.reminderDaysBeforeClose,
    status: 'draft',
    collaborationId: null,
    opensAutomatically: false,
    audienceCounts: null,
    audienceId: null,
    createdAt: now,
    createdBy: caller.subject,
    updatedAt: now,
    updatedBy: caller.subject,
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
  await deps.campaigns.model.collection.insertOne(doc as never);
  return toCampaignRecord(doc);
}
