import { type Caller, clusterPrivilege, isSignedIn, requirePrivilege } from '@ccp/kit';
import type { ClusterContact, ClusterRecord, ClusterReturn, HistoryEntry } from '../model/cluster.js';

const ref = (cluster: ClusterRecord) => ({ id: cluster.id, economy: cluster.economyCode });

/**
 * A profile that is not published exists only for those who may act on it (its managers, its economy's
 * coordinator, the secretariat); to anyone else it does not exist.
 */
export function isReadable(caller: Caller, cluster: { id: string; economy: string; status: string }): boolean {
  return cluster.status === 'published' || clusterPrivilege(caller, cluster) !== null;
}

/** The cluster, or null when the caller may not read it (see isReadable). */
export function readableCluster(caller: Caller, cluster: ClusterRecord | null): ClusterRecord | null {
  return cluster && isReadable(caller, { ...ref(cluster), status: cluster.status }) ? cluster : null;
}

/** Return comments are between the reviewers and the managers: no one else reads them. */
export function readLastReturn(caller: Caller, cluster: ClusterRecord): ClusterReturn | null {
  requirePrivilege(caller, clusterPrivilege(caller, ref(cluster)), "read this cluster's return comments");
  return cluster.lastReturn;
}

/** The history, newest first: its managers, its economy's coordinator and the secretariat only. */
export function readHistory(caller: Caller, cluster: ClusterRecord, first: number): HistoryEntry[] {
  requirePrivilege(caller, clusterPrivilege(caller, ref(cluster)), "read this cluster's history");
  return [...cluster.history].reverse().slice(0, Math.max(0, first));
}

/**
 * Contacts with email and phone as the caller may see them: PUBLIC to all, REGISTERED to signed-in users,
 * HIDDEN to the cluster's managers, its economy's coordinator and the secretariat.
 */
export function readContacts(caller: Caller, cluster: ClusterRecord): ClusterContact[] {
  const privileged = clusterPrivilege(caller, ref(cluster)) != null;
  const signedIn = isSignedIn(caller);
  return cluster.contacts.map((c) => {
    const visible = c.visibility === 'PUBLIC' || (c.visibility === 'REGISTERED' && signedIn) || privileged;
    return visible ? c : { ...c, email: null, phone: null };
  });
}
