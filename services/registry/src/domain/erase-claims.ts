import type { ClusterDocument } from '../model/cluster.js';
import type { RegistryDeps } from './deps.js';
import { ERASED_USER } from './erase-user.js';

/**
 * An erased user's claims and messages keep no trace of them: pending claims go (no one is left to grant),
 * decided ones and sent messages lose the user's id and their texts (as requester or decider), the quota goes, and a cluster they
 * claimed names no one. Plain updates by value: running it again changes nothing. Returns the clusters changed.
 */
export async function eraseClaimsAndMessages(
  deps: Pick<RegistryDeps, 'clusters' | 'claims'>,
  userId: string,
): Promise<string[]> {
  const { claimModel, messageModel, quotaModel } = deps.claims;
  await claimModel.deleteMany({ userId, status: 'pending' });
  await claimModel.updateMany({ userId }, { $set: { userId: ERASED_USER, message: '' } });
  await claimModel.updateMany({ decidedBy: userId }, { $set: { decidedBy: ERASED_USER } });
  await messageModel.updateMany(
    { senderId: userId },
    { $set: { senderId: ERASED_USER, subject: '', body: '' } },
  );
  await quotaModel.deleteOne({ _id: userId });
  const claimed = await deps.clusters
    .find({ claimedBy: userId }, { _id: 1 })
    .lean<Pick<ClusterDocument, '_id'>[]>();
  if (claimed.length)
    await deps.clusters.updateMany({ claimedBy: userId }, { $set: { claimedBy: ERASED_USER } });
  return claimed.map((c) => c._id);
}
