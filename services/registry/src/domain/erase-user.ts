import type { ClusterDocument, ClusterModel } from '../model/cluster.js';

/** What replaces an erased user's id wherever the registry kept it. */
export const ERASED_USER = 'erased-user';

/**
 * Replaces an erased user's id in every cluster that names them: who registered it, who last returned it,
 * who acted in its history. Each cluster is rewritten guarded by its version (a concurrent change makes
 * it read again); running it again finds nothing left to change. Returns the ids of the clusters changed.
 */
export async function eraseUser(clusters: ClusterModel, userId: string): Promise<string[]> {
  const changed: string[] = [];
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const docs = await clusters
      .find(
        { $or: [{ registeredBy: userId }, { 'lastReturn.returnedBy': userId }, { 'history.actor': userId }] },
        { registeredBy: 1, lastReturn: 1, history: 1, version: 1 },
      )
      .lean<Pick<ClusterDocument, '_id' | 'registeredBy' | 'lastReturn' | 'history' | 'version'>[]>();
    if (docs.length === 0) break;
    for (const doc of docs) {
      const set: Record<string, unknown> = {
        history: (doc.history ?? []).map((h) => (h.actor === userId ? { ...h, actor: ERASED_USER } : h)),
      };
      if (doc.registeredBy === userId) set.registeredBy = ERASED_USER;
      if (doc.lastReturn?.returnedBy === userId) set.lastReturn = { ...doc.lastReturn, returnedBy: ERASED_USER };
      const res = await clusters.updateOne({ _id: doc._id, version: doc.version }, { $set: set });
      if (res.matchedCount === 1) changed.push(doc._id);
    }
  }
  return changed;
}
