import type { CloudEvent, HandleResult } from '@ccp/kit';
import { eraseFirstCoordinator, type RegistrationDeps, registerEconomy } from '../domain/register-economy.js';

export const USER_GRANTED = 'ccp.accounts.user.granted.v1';
export const USER_ERASED = 'ccp.accounts.user.erased.v1';

interface GrantData {
  userId: string;
  role: string;
  economy?: string;
  grantedAt: string;
}

/** accounts' grant events: an economy's first coordinator appointment registers the economy. */
export function userEventHandler(deps: RegistrationDeps) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (event.type === USER_GRANTED) {
      const grant = event.data as unknown as GrantData;
      if (grant.role !== 'economy-coordinator' || !grant.economy) return 'skipped';
      return registerEconomy(deps, { economy: grant.economy, userId: grant.userId, grantedAt: new Date(grant.grantedAt) });
    }
    if (event.type === USER_ERASED) {
      return eraseFirstCoordinator(deps.economies, (event.data as { userId: string }).userId);
    }
    return 'skipped';
  };
}
