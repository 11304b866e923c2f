import { ErrorCode, isErasedEmail, SYSTEM_ACTOR } from '@ccp/kit';
import { clusterUpdated } from '../events/cluster-events.js';
import type { ClusterContact, ClusterDocument } from '../model/cluster.js';
import { writeClusterChange } from './change-cluster.js';
import type { RegistryDeps } from './deps.js';
import { completenessOf } from './profile.js';

const ATTEMPTS = 5;

/**
 * Removes the contacts whose address is the erased user's (found by the erasure event's email digest) from every
 * cluster: a profile change like any other — version-guarded, in the history, announced as `updated` with
 * `contacts` so integrators' mirrors drop the person too. Running it again finds nothing. Returns the changed ids.
 */
export async function eraseContacts(
  deps: Pick<RegistryDeps, 'clusters' | 'validator' | 'readModel' | 'relay' | 'erasureKey'>,
  digest: string,
): Promise<string[]> {
  const isErased = (c: ClusterContact) => isErasedEmail(c.email, digest, deps.erasureKey);
  // Rare: a scan of the contacts' addresses, then each affected cluster read and written by its id.
  const candidates = await deps.clusters
    .find({ 'contacts.0': { $exists: true } }, { contacts: 1 })
    .lean<Pick<ClusterDocument, '_id' | 'contacts'>[]>();
  const changed: string[] = [];
  for (const { _id } of candidates.filter((c) => (c.contacts ?? []).some(isErased))) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await deps.clusters.findById(_id).lean<ClusterDocument>();
      const contacts = (current?.contacts ?? []).filter((c) => !isErased(c));
      if (!current || contacts.length === current.contacts.length) break;
      const next: ClusterDocument = { ...current, contacts, version: current.version + 1 };
      next.completeness = completenessOf(next);
      const event = clusterUpdated(next, SYSTEM_ACTOR, ['contacts']);
      try {
        await writeClusterChange(deps, current, next, { contacts, completeness: next.completeness }, event);
        changed.push(_id);
        break;
      } catch (err) {
        if ((err as { extensions?: { code?: string } }).extensions?.code !== ErrorCode.InvalidState)
          throw err;
      }
    }
  }
  return changed;
}
