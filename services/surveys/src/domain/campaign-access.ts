import {
  type Caller,
  coordinates,
  forbiddenError,
  isSecretariat,
  type Privilege,
  requireSignedIn,
} from '@ccp/kit';
import type { CampaignMembers } from '../model/campaign-audience.js';
import type { CampaignRecord } from '../model/campaign.js';

/** The economies a caller coordinates. */
export const coordinatedEconomies = (caller: Caller): Set<string> =>
  new Set(
    caller.kind === 'user'
      ? caller.grants.flatMap((g) => (g.role === 'economy-coordinator' && g.economy ? [g.economy] : []))
      : [],
  );

/**
 * Who may create campaigns at all: the secretariat, and coordinators (for their own economies' clusters, checked
 * once the audience is known). Everyone else is refused before their input is read.
 */
export function requireCampaignAuthor(caller: Caller, action: string): void {
  requireSignedIn(caller, action);
  if (!isSecretariat(caller) && coordinatedEconomies(caller).size === 0) {
    throw forbiddenError(`Only the secretariat and economy coordinators may ${action}`);
  }
}

/**
 * The privilege with which a caller may create or manage a campaign over `scope` (the economies its audience
 * touches): a coordinator of every one of them, or the secretariat.
 */
export function campaignPrivilege(caller: Caller, scope: readonly string[]): Privilege | null {
  if (scope.length > 0 && scope.every((economy) => coordinates(caller, economy))) return 'coordinator';
  if (isSecretariat(caller)) return 'secretariat';
  return null;
}

export function requireCampaignPrivilege(
  caller: Caller,
  scope: readonly string[],
  action: string,
): Privilege {
  const privilege = campaignPrivilege(caller, scope);
  if (privilege) return privilege;
  requireSignedIn(caller, action);
  throw forbiddenError(
    `You are not allowed to ${action}: only the secretariat, or a coordinator of every economy it asks (${scope.join(', ') || 'none'})`,
  );
}

/** Lists show a campaign to the secretariat and to the coordinators of any economy it asks. */
export const listsCampaign = (caller: Caller, campaign: Pick<CampaignRecord, 'scope'>) =>
  isSecretariat(caller) || campaign.scope.some((economy) => coordinates(caller, economy));

/** A campaign is readable by those who see it in lists, and by the managers of a cluster it asked. */
export function readsCampaign(
  caller: Caller,
  campaign: Pick<CampaignRecord, 'scope' | 'audience'>,
  members: CampaignMembers | null,
): boolean {
  if (listsCampaign(caller, campaign)) return true;
  if (caller.kind !== 'user') return false;
  const managed = caller.grants.flatMap((g) =>
    g.role === 'cluster-manager' && g.clusterId ? [g.clusterId] : [],
  );
  return managed.some((id) => members?.has(id) || campaign.audience.clusterIds.includes(id));
}
