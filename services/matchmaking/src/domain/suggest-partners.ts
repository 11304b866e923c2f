import { type Caller, clusterPrivilege } from '@ccp/kit';
import type { OfferFacts, PartnerSuggestion } from '../matching/partner-index.js';
import { connectedTo } from './connections.js';
import type { MatchmakingDeps } from './deps.js';

/** The platform's offers as the offer read model holds them in memory (open ones count for the score). */
function offersOf(deps: MatchmakingDeps): Iterable<OfferFacts> {
  return deps.offerRepository.newestFirst().map((entry) => entry.record);
}

/**
 * A cluster's suggested partners, best first (score, then cluster id), each with every criterion's weight,
 * value, contribution and reason (docs/matching.md): published clusters of other economies, never the
 * cluster itself nor one it is already connected to. A tool for the people who act for the cluster — its
 * managers, its economy's coordinators and the secretariat; like `Cluster.matches`, the list is empty for
 * everyone else (an error would null the whole public profile it is asked with), and for a cluster
 * matchmaking has not heard of yet.
 */
export async function suggestPartners(
  deps: MatchmakingDeps,
  caller: Caller,
  clusterId: string,
  first: number,
  now: Date = new Date(),
): Promise<PartnerSuggestion[]> {
  const cluster = await deps.clusterFacts.byId(clusterId);
  if (!clusterPrivilege(caller, { id: clusterId, economy: cluster?.economy ?? '' })) return [];
  if (!cluster || first === 0) return [];
  const exclude = await connectedTo(deps, clusterId);
  return deps.partnerIndex.suggest(clusterId, first, { exclude, offers: offersOf(deps), now });
}
