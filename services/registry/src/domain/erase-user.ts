import type { ClusterModel } from '../model/cluster.js';

/** What replaces an erased user's id wherever the registry kept it. */
export const ERASED_USER = 'erased-user';

/**
 * Replaces an erased user's id in every cluster that names them (who registered it, who last returned it).
 * A plain update by value: running it again finds nothing left to change.
 */
export async function eraseUser(clusters: ClusterModel, userId: string): Promise<number> {
  const registered = await clusters.updateMany(
    { registeredBy: userId },
    { $set: { registeredBy: ERASED_USER } },
  );
  const returned = await clusters.updateMany(
    { 'lastReturn.returnedBy': userId },
    { $set: { 'lastReturn.returnedBy': ERASED_USER } },
  );
  return registered.modifiedCount + returned.modifiedCount;
}
