import {
  type Caller,
  coordinates,
  isEconomyCode,
  isSecretariat,
  managesCluster,
  requestedId,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import type { CampaignRespondentsDocument } from '../model/campaign-audience.js';
import { type CampaignRecord, type CampaignStatus, effectiveStatus } from '../model/campaign.js';
import type { QuestionnaireKind } from '../model/questionnaire.js';
import { coordinatedEconomies, listsCampaign, readsCampaign } from './campaign-access.js';
import type { SurveysDeps } from './deps.js';

export const MAX_CAMPAIGNS_PER_PAGE = 200;

export interface CampaignListArgs {
  status?: CampaignStatus | null;
  economy?: string | null;
  kind?: QuestionnaireKind | null;
  first?: number | null;
  offset?: number | null;
}

/**
 * Campaigns newest first, those the caller may see: the secretariat every one, a coordinator those asking any of
 * their economies; nobody else any (a cluster's managers see theirs on `Cluster.openCampaigns`).
 */
export async function listCampaigns(
  deps: SurveysDeps,
  caller: Caller,
  args: CampaignListArgs,
): Promise<CampaignRecord[]> {
  requireSignedIn(caller, 'list questionnaire campaigns');
  const first = args.first ?? 50;
  const offset = args.offset ?? 0;
  if (!Number.isInteger(first) || first < 1 || first > MAX_CAMPAIGNS_PER_PAGE) {
    throw validationError([{ field: 'first', reason: `must be between 1 and ${MAX_CAMPAIGNS_PER_PAGE}` }]);
  }
  if (!Number.isInteger(offset) || offset < 0)
    throw validationError([{ field: 'offset', reason: 'must not be negative' }]);
  if (args.economy != null && !isEconomyCode(args.economy)) {
    throw validationError([{ field: 'economy', reason: `${args.economy} is not an APEC economy code` }]);
  }
  if (!isSecretariat(caller) && coordinatedEconomies(caller).size === 0) return [];
  const campaigns = await deps.campaigns.repository.list({
    status: args.status ?? undefined,
    economy: args.economy ?? undefined,
    kind: args.kind ?? undefined,
  });
  return campaigns.filter((c) => listsCampaign(caller, c)).slice(offset, offset + first);
}

/** One campaign, or null when it does not exist or the caller may not read it (nothing is revealed). */
export async function readCampaign(
  deps: SurveysDeps,
  caller: Caller,
  id: unknown,
): Promise<CampaignRecord | null> {
  requireSignedIn(caller, 'read questionnaire campaigns');
  const campaign = await deps.campaigns.repository.byId(requestedId(id, 'id'));
  if (!campaign) return null;
  const members = campaign.audienceId ? await deps.campaigns.members.of(campaign.audienceId) : null;
  return readsCampaign(caller, campaign, members) ? campaign : null;
}

/** A cluster's campaigns are its managers', its economy's coordinators' and the secretariat's to see. */
async function readsClusterCampaigns(deps: SurveysDeps, caller: Caller, clusterId: string): Promise<boolean> {
  if (caller.kind !== 'user') return false;
  if (managesCluster(caller, clusterId) || isSecretariat(caller)) return true;
  if (coordinatedEconomies(caller).size === 0) return false;
  const cluster = await deps.clusterFacts.byId(clusterId);
  return cluster ? coordinates(caller, cluster.economy) : false;
}

/** The open campaigns that ask a cluster, closing soonest first; empty for those who may not see them. */
export async function openCampaignsOf(
  deps: SurveysDeps,
  caller: Caller,
  clusterId: string,
  now = new Date(),
): Promise<CampaignRecord[]> {
  if (!(await readsClusterCampaigns(deps, caller, clusterId))) return [];
  const entries = await deps.campaigns.openList.get();
  return entries
    .filter((e) => e.members.has(clusterId) && effectiveStatus(e.campaign, now) === 'open')
    .map((e) => e.campaign)
    .sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime() || a.id.localeCompare(b.id));
}

/** How many clusters responded to each campaign (batched per request). */
export async function respondedCounts(deps: SurveysDeps, ids: readonly string[]): Promise<number[]> {
  const docs = await deps.campaigns.respondents
    .find({ _id: { $in: [...ids] } })
    .lean<CampaignRespondentsDocument[]>();
  const counts = new Map(docs.map((d) => [d._id, d.clusterIds?.length ?? 0]));
  return ids.map((id) => counts.get(id) ?? 0);
}
