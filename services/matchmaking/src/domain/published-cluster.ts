import { validationError } from '@ccp/kit';
import type { ClusterFacts } from '../model/cluster-facts.js';
import type { MatchmakingDeps } from './deps.js';

/** The read model's facts of a cluster that must be published; otherwise an error on `field`. */
export async function publishedCluster(
  deps: MatchmakingDeps,
  id: string,
  field: string,
): Promise<ClusterFacts> {
  const facts = await deps.clusterFacts.byId(id);
  if (!facts) throw validationError([{ field, reason: `cluster ${id} is not known` }]);
  if (facts.status !== 'published') {
    throw validationError([{ field, reason: `cluster ${id} is not published (it is ${facts.status})` }]);
  }
  return facts;
}
