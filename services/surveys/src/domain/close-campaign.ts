import { type Caller, invalidStateError, requireSignedIn } from '@ccp/kit';
import {
  type CampaignDocument,
  type CampaignRecord,
  type ClosedReason,
  toCampaignRecord,
} from '../model/campaign.js';
import { requireCampaignPrivilege } from './campaign-access.js';
import type { SurveysDeps } from './deps.js';
import { requireExpectedVersion, storedCampaign } from './update-campaign.js';

/**
 * Closes a campaign by hand: an open one stops taking answers, a draft is cancelled. The secretariat, or a
 * coordinator of every economy it asks; closing again returns the closed campaign. No event: the contracts have
 * none (response rates need only the opening).
 */
export async function closeCampaign(
  deps: SurveysDeps,
  caller: Caller,
  id: unknown,
  expectedVersion?: number | null,
): Promise<CampaignRecord> {
  const action = 'close this campaign';
  requireSignedIn(caller, action);
  const current = await storedCampaign(deps, id);
  requireCampaignPrivilege(caller, current.scope, action);
  if (current.status === 'closed') return toCampaignRecord(current);
  requireExpectedVersion(current, expectedVersion);
  return closeStoredCampaign(
    deps,
    current,
    caller.subject,
    current.status === 'open' ? 'by-hand' : 'cancelled',
  );
}

/** Writes the closing, guarded by the version read; `window-ended` dates it at the end of the window. */
export async function closeStoredCampaign(
  deps: SurveysDeps,
  current: CampaignDocument,
  by: string,
  reason: ClosedReason,
  now = new Date(),
): Promise<CampaignRecord> {
  const closedAt = reason === 'window-ended' ? current.closesAt : now;
  const changes = {
    status: 'closed' as const,
    closedAt,
    closedBy: by,
    closedReason: reason,
    updatedAt: now,
    updatedBy: by,
    version: current.version + 1,
  };
  const res = await deps.campaigns.model.updateOne(
    { _id: current._id, version: current.version },
    { $set: changes },
  );
  if (res.matchedCount !== 1) {
    const latest = await deps.campaigns.model.findById(current._id).lean<CampaignDocument>();
    if (latest?.status === 'closed') return toCampaignRecord(latest);
    throw invalidStateError(`Campaign ${current._id} changed while closing; read it again and retry`, {
      field: 'expectedVersion',
    });
  }
  const closed = toCampaignRecord({ ...current, ...changes });
  deps.campaigns.openList.invalidate();
  deps.campaigns.agenda.track(closed);
  return closed;
}
