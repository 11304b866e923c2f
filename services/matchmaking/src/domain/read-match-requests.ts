import { type Caller, clusterPrivilege, isSignedIn } from '@ccp/kit';
import type { CollaborationRecord } from '../model/collaboration.js';
import type { MatchRequestRecord } from '../model/match-request.js';
import type { MatchmakingDeps } from './deps.js';
import { canReadMatchRequest } from './match-request-state.js';

/** The request if the caller may read it, else null: others learn nothing, not even that it exists. */
export const readableMatchRequest = (caller: Caller, r: MatchRequestRecord | null) =>
  r && canReadMatchRequest(caller, r) ? r : null;

/** A collaboration is read by the two clusters' managers, their coordinators and the secretariat. */
export const canReadCollaboration = (caller: Caller, c: CollaborationRecord) =>
  c.clusterIds.some((id, i) => clusterPrivilege(caller, { id, economy: c.economies[i] ?? '' }) !== null);

export const readableCollaboration = (caller: Caller, c: CollaborationRecord | null) =>
  c && canReadCollaboration(caller, c) ? c : null;

/** The requests of a cluster the caller may read, newest first; empty for anyone else. */
export async function readableMatchesOf(
  deps: MatchmakingDeps,
  caller: Caller,
  clusterId: string,
  first: number,
): Promise<MatchRequestRecord[]> {
  if (!isSignedIn(caller) || first === 0) return [];
  const requests = await deps.matchRequestRepository.involving(clusterId);
  return requests.filter((r) => canReadMatchRequest(caller, r)).slice(0, first);
}

/** The collaborations of a cluster the caller may read, newest first; empty for anyone else. */
export async function readableCollaborationsOf(
  deps: MatchmakingDeps,
  caller: Caller,
  clusterId: string,
  first: number,
): Promise<CollaborationRecord[]> {
  if (!isSignedIn(caller) || first === 0) return [];
  const collaborations = await deps.collaborationRepository.ofCluster(clusterId);
  return collaborations.filter((c) => canReadCollaboration(caller, c)).slice(0, first);
}
