import { type Caller, clusterPrivilege, type Privilege, requirePrivilege, validationError } from '@ccp/kit';
import type { ClusterFacts } from '../model/cluster-facts.js';
import type { MatchmakingDeps } from './deps.js';

/** The read model's facts of a cluster; an unknown one is an error on `field`. */
export async function knownCluster(deps: MatchmakingDeps, id: string, field: string): Promise<ClusterFacts> {
  const facts = await deps.clusterFacts.byId(id);
  if (!facts) throw validationError([{ field, reason: `cluster ${id} is not known` }]);
  return facts;
}

export function requirePublished(facts: ClusterFacts, field: string): ClusterFacts {
  if (facts.status !== 'published') {
    throw validationError([
      { field, reason: `cluster ${facts.id} is not published (it is ${facts.status})` },
    ]);
  }
  return facts;
}

/**
 * A cluster the caller may act for (its managers, its economy's coordinator, the secretariat) that is
 * published. The privilege is checked before the status, so others learn nothing of it.
 */
export async function clusterToActFor(
  deps: MatchmakingDeps,
  caller: Caller,
  id: string,
  field: string,
  action: string,
): Promise<{ cluster: ClusterFacts; privilege: Privilege }> {
  const cluster = await knownCluster(deps, id, field);
  const privilege = requirePrivilege(caller, clusterPrivilege(caller, cluster), action);
  return { cluster: requirePublished(cluster, field), privilege };
}

/** The facts of another cluster, which must be published. */
export async function publishedCluster(
  deps: MatchmakingDeps,
  id: string,
  field: string,
): Promise<ClusterFacts> {
  return requirePublished(await knownCluster(deps, id, field), field);
}
