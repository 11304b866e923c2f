import { randomUUID } from 'node:crypto';
import { type Caller, isEconomyCode, problemsFromZod, validationError } from '@ccp/kit';
import { z } from 'zod';
import { type ClusterDocument, type ClusterRecord, toClusterRecord } from '../model/cluster.js';
import { clusterRegistered } from '../events/cluster-events.js';
import type { RegistryDeps } from './deps.js';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const registerClusterInput = z.object({
  name: z
    .object({ en: text(200), ru: text(200).nullish() })
    .catchall(text(200)),
  economyCode: z
    .string()
    .refine(isEconomyCode, { message: 'is not one of the 21 APEC economy codes (ISO 3166-1 alpha-2)' }),
  region: text(200).nullish(),
  location: z
    .object({
      lat: z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90'),
      lng: z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180'),
    })
    .nullish(),
  specializations: z
    .array(z.string().regex(/^[A-Za-z0-9.-]{1,32}$/, 'must be a specialization code'))
    .max(20, 'at most 20 specializations')
    .nullish(),
});

export type RegisterClusterInput = z.input<typeof registerClusterInput>;

/** Creates a draft profile; the registered event leaves through the outbox in the same write. */
export async function registerCluster(deps: RegistryDeps, caller: Caller, input: unknown): Promise<ClusterRecord> {
  const parsed = registerClusterInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  const names = Object.fromEntries(Object.entries(v.name).filter(([, value]) => value != null)) as Record<string, string>;
  const doc: ClusterDocument = {
    _id: randomUUID(),
    names,
    economyCode: v.economyCode,
    region: v.region ?? null,
    location: v.location ?? null,
    specializations: [...new Set(v.specializations ?? [])],
    status: 'draft',
    createdAt: new Date(),
    publishedAt: null,
    registeredBy: caller.subject,
    version: 1,
    outbox: [],
  };
  const event = clusterRegistered(doc);
  deps.validator.assertValid(event);
  doc.outbox = [event];
  await deps.clusters.collection.insertOne(doc as never);
  await deps.relay.flush(doc._id).catch(() => {});
  return toClusterRecord(doc);
}
