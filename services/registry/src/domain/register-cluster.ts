import { randomUUID } from 'node:crypto';
import { actorOf, type Caller, requireSignedIn } from '@ccp/kit';
import { z } from 'zod';
import { clusterRegistered } from '../events/cluster-events.js';
import { type ClusterDocument, type ClusterRecord, toClusterRecord } from '../model/cluster.js';
import { historyEntry } from './change-cluster.js';
import type { RegistryDeps } from './deps.js';
import {
  clusterNames,
  compactNames,
  economyCode,
  location,
  parseInput,
  specializations,
  text,
} from './input.js';
import { completenessOf, emptyProfile, PROFILE_SECTIONS, profileInput, storedSection } from './profile.js';
import { freeSlug, isDuplicateSlug } from './slug.js';

export const registerClusterInput = z
  .object({
    name: clusterNames,
    economyCode,
    region: text(200).nullish(),
    location: location.nullish(),
    specializations: specializations.nullish(),
  })
  .extend(profileInput.shape);

export type RegisterClusterInput = z.input<typeof registerClusterInput>;

/**
 * Creates a draft profile; any signed-in user may, and accounts makes them its manager from the registered
 * event's `registeredBy`. The slug comes from the English name (suffixed on collision; the unique index
 * settles a race, and the registration retries with the next suffix). The event leaves through the outbox in
 * the same write.
 */
export async function registerCluster(
  deps: RegistryDeps,
  caller: Caller,
  input: unknown,
): Promise<ClusterRecord> {
  requireSignedIn(caller, 'register a cluster');
  const v = parseInput(registerClusterInput, input);
  const profile = emptyProfile();
  for (const key of PROFILE_SECTIONS) {
    (profile as unknown as Record<string, unknown>)[key] = storedSection(key, v[key]);
  }
  const id = randomUUID();
  for (let attempt = 1; ; attempt += 1) {
    const doc: ClusterDocument = {
      _id: id,
      slug: await freeSlug(deps.clusters, v.name.en),
      names: compactNames(v.name),
      economyCode: v.economyCode,
      region: v.region ?? null,
      location: v.location ?? null,
      specializations: [...new Set(v.specializations ?? [])],
      ...profile,
      completeness: 0,
      lastVerifiedAt: null,
      archivedAt: null,
      archiveReason: null,
      status: 'draft',
      createdAt: new Date(),
      publishedAt: null,
      registeredBy: caller.subject,
      lastReturn: null,
      history: [],
      version: 1,
      outbox: [],
    };
    doc.completeness = completenessOf(doc);
    const event = clusterRegistered(doc, actorOf(caller));
    deps.validator.assertValid(event);
    doc.outbox = [event];
    doc.history = [historyEntry(event)];
    try {
      await deps.clusters.collection.insertOne(doc as never);
    } catch (err) {
      if (isDuplicateSlug(err) && attempt < 5) continue;
      throw err;
    }
    deps.readModel.put(toClusterRecord(doc));
    await deps.relay.flush(doc._id).catch(() => {});
    return toClusterRecord(doc);
  }
}
