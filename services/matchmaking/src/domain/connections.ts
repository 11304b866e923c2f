import type { CollaborationModel } from '../model/collaboration.js';
import type { MatchRequestModel } from '../model/match-request.js';
import type { MatchmakingDeps } from './deps.js';

/**
 * Every pair of clusters already connected, from the database: accepted match requests and collaborations
 * (from a request or a workshop meeting), one query per store. Read once per process at start; the partner
 * index's feed adds the `request.accepted` and `collaboration.agreed` events after that.
 */
export async function connectedPairs(stores: {
  matchRequests: MatchRequestModel;
  collaborations: CollaborationModel;
}): Promise<[string, string][]> {
  const [accepted, collaborations] = await Promise.all([
    stores.matchRequests
      .find({ status: 'accepted' }, { fromClusterId: 1, toClusterId: 1 })
      .lean<{ fromClusterId: string; toClusterId: string }[]>(),
    stores.collaborations.find({}, { clusterIds: 1 }).lean<{ clusterIds: string[] }[]>(),
  ]);
  return [
    ...accepted.map((r): [string, string] => [r.fromClusterId, r.toClusterId]),
    ...collaborations.flatMap((c): [string, string][] =>
      c.clusterIds.length === 2 ? [[c.clusterIds[0]!, c.clusterIds[1]!]] : [],
    ),
  ];
}

/**
 * Clusters already connected to a cluster: an accepted match request between them (an acceptance whose
 * collaboration a crash left unwritten still counts) or a collaboration. Answered from the partner index:
 * a database query per suggestion would queue behind every other query on FerretDB's single connection.
 */
export async function connectedTo(deps: MatchmakingDeps, clusterId: string): Promise<Set<string>> {
  return new Set(deps.partnerIndex.connectedTo(clusterId));
}
