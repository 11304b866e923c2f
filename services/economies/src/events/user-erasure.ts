import type { CloudEvent, HandleResult, UserErasure } from '@ccp/kit';
import type { EconomyPageDeps } from '../domain/economy-page.js';
import { eraseOfficials } from '../domain/erase-officials.js';
import { erasePublicationAuthors, type PublicationDeps } from '../domain/publications.js';
import { USER_ERASED } from './user-events.js';

export interface UserErasureDeps extends EconomyPageDeps, PublicationDeps {
  erasureKey: string;
}

/**
 * The erasure group's handler: an erased user's official entries leave the economy pages and their id leaves the
 * publications they wrote. Both are idempotent (a redelivery or a replay finds nothing left), so no marker is kept.
 */
export function userErasureHandler(deps: UserErasureDeps) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (event.type !== USER_ERASED) return 'skipped';
    const erasure = event.data as unknown as UserErasure;
    const pages = await eraseOfficials(deps, erasure, deps.erasureKey);
    const authored = await erasePublicationAuthors(deps, erasure.userId);
    return pages.length > 0 || authored > 0 ? 'applied' : 'skipped';
  };
}
