import { randomUUID } from 'node:crypto';
import { actorOf, type Caller, requireSignedIn } from '@ccp/kit';
import { z } from 'zod';
import { clusterRegistered } from '../events/cluster-events.js';
import { type ClusterDocument, type ClusterRecord, toClusterRecord } from '../model/cluster.js';
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

export const registerClusterInput = z.object({
  name: clusterNames,
  economyCode,
  region: text(200).nullish(),
  location: location.nullish(),
  specializations: specializations.nullish(),
});

export type RegisterClusterInput = z.input<typeof registerClusterInput>;

/**
 * Creates a draft profile; any signed-in user may, and accounts makes them its manager from the registered
 * event's `registeredBy`. The event leaves through the outbox in the same write.
 */
export async function registerCluster(
  deps: RegistryDeps,
  caller: Caller,
  input: unknown,
): Promise<ClusterRecord> {
  requireSignedIn(caller, 'register a cluster');
  const v = parseInput(registerClusterInput, input);
  const doc: ClusterDocument = {
    _id: randomUUID(),
    names: compactNames(v.name),
    economyCode: v.economyCode,
    region: v.region ?? null,
    location: v.location ?? null,
    specializations: [...new Set(v.specializations ?? [])],
    status: 'draft',
    createdAt: new Date(),
    publishedAt: null,
    registeredBy: caller.subject,
    lastReturn: null,
    version: 1,
    outbox: [],
  };
  const event = clusterRegistered(doc, actorOf(caller));
  deps.validator.assertValid(event);
  doc.outbox = [event];
  await deps.clusters.collection.insertOne(doc as never);
  await deps.relay.flush(doc._id).catch(() => {});
  return toClusterRecord(doc);
}
