import {
  type Caller,
  invalidStateError,
  notFoundError,
  parseInput,
  requestedId,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { type CampaignDocument, type CampaignRecord, toCampaignRecord } from '../model/campaign.js';
import { requireCampaignPrivilege } from './campaign-access.js';
import { audienceClusters, campaignQuestionnaire, scopeOf, updateCampaignInput } from './campaign-input.js';
import type { SurveysDeps } from './deps.js';

/** The campaign a mutation names, as stored; an unknown id is NOT_FOUND. */
export async function storedCampaign(deps: SurveysDeps, id: unknown): Promise<CampaignDocument> {
  const campaignId = requestedId(id, 'id');
  const doc = await deps.campaigns.model.findById(campaignId).lean<CampaignDocument>();
  if (!doc) throw notFoundError('Campaign', campaignId);
  return doc;
}

export function requireExpectedVersion(doc: CampaignDocument, expected: number | null | undefined): void {
  if (expected != null && expected !== doc.version) {
    throw invalidStateError(`Campaign ${doc._id} is at version ${doc.version}, not ${expected}`, {
      field: 'expectedVersion',
      currentVersion: doc.version,
    });
  }
}

/**
 * Changes a draft campaign (only drafts: what an opened campaign asked is fixed). The caller must be able to
 * manage the campaign both as it is and as it would become, so a coordinator cannot widen it past their economies.
 * Follow-ups are scheduled from their collaboration and are not edited.
 */
export async function updateCampaign(
  deps: SurveysDeps,
  caller: Caller,
  id: unknown,
  input: unknown,
): Promise<CampaignRecord> {
  const action = 'change this campaign';
  requireSignedIn(caller, action);
  const v = parseInput(updateCampaignInput, input);
  const current = await storedCampaign(deps, id);
  requireCampaignPrivilege(caller, current.scope, action);
  if (current.collaborationId) {
    throw invalidStateError(
      `Campaign ${current._id} is a collaboration's follow-up, scheduled by the service`,
      {
        field: 'id',
      },
    );
  }
  if (current.status !== 'draft') {
    throw invalidStateError(`Campaign ${current._id} is ${current.status}; only a draft can be changed`, {
      field: 'id',
      status: current.status.toUpperCase(),
    });
  }
  requireExpectedVersion(current, v.expectedVersion);

  const opensAt = v.opensAt ?? current.opensAt;
  const closesAt = v.closesAt ?? current.closesAt;
  if (closesAt.getTime() <= opensAt.getTime()) {
    throw validationError([{ field: 'closesAt', reason: 'must be after opensAt' }]);
  }
  if (closesAt.getTime() <= Date.now())
    throw validationError([{ field: 'closesAt', reason: 'must be in the future' }]);
  const questionnaire = v.questionnaireId ? await campaignQuestionnaire(deps, v.questionnaireId) : null;
  let { audience, scope } = current;
  if (v.audience) {
    const clusters = await audienceClusters(deps, v.audience.clusterIds);
    audience = v.audience;
    scope = scopeOf(v.audience.economies, clusters.values());
    requireCampaignPrivilege(caller, scope, action);
  }

  const now = new Date();
  const changes = {
    ...(questionnaire
      ? {
          questionnaireId: questionnaire.id,
          questionnaireKind: questionnaire.kind,
          questionnaireVersion: questionnaire.version,
        }
      : {}),
    ...(v.title ? { title: { en: v.title.en, ...(v.title.ru ? { ru: v.title.ru } : {}) } } : {}),
    audience,
    scope,
    opensAt,
    closesAt,
    reminderDaysBeforeClose: v.reminderDaysBeforeClose ?? current.reminderDaysBeforeClose,
    updatedAt: now,
    updatedBy: caller.subject,
    version: current.version + 1,
  };
  const res = await deps.campaigns.model.updateOne(
    { _id: current._id, version: current.version, status: 'draft' },
    { $set: changes },
  );
  if (res.matchedCount !== 1) {
    throw invalidStateError(`Campaign ${current._id} changed while saving; read it again and retry`, {
      field: 'expectedVersion',
    });
  }
  return toCampaignRecord({ ...current, ...changes });
}
