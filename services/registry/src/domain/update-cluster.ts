import { actorOf, type Caller, clusterPrivilege } from '@ccp/kit';
import { z } from 'zod';
import { type ClusterField, clusterUpdated } from '../events/cluster-events.js';
import { type ClusterDocument, type ClusterRecord, toClusterRecord } from '../model/cluster.js';
import { clusterForChange, clusterRef, writeClusterChange } from './change-cluster.js';
import type { RegistryDeps } from './deps.js';
import { clusterNames, compactNames, location, parseInput, specializations, text } from './input.js';
import { completenessOf, PROFILE_SECTIONS, profileSections, storedSection } from './profile.js';

/** Strict: the economy (or anything else) cannot be changed by sneaking it into the input. */
export const updateClusterInput = z
  .object({
    name: clusterNames.optional(),
    region: text(200).nullable().optional(),
    location: location.nullable().optional(),
    specializations: specializations.nullable().optional(),
    ...(Object.fromEntries(PROFILE_SECTIONS.map((k) => [k, profileSections[k].nullable().optional()])) as {
      [K in keyof typeof profileSections]: z.ZodOptional<z.ZodNullable<(typeof profileSections)[K]>>;
    }),
  })
  .strict();

export type UpdateClusterInput = z.input<typeof updateClusterInput>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Edits a profile's sections. Its managers, its economy's coordinator or the secretariat; the updated event
 * names the sections that changed, the completeness is recomputed and the change is added to the history in
 * the same write; saving the same values writes nothing.
 */
export async function updateCluster(
  deps: RegistryDeps,
  caller: Caller,
  id: string,
  expectedVersion: number | null | undefined,
  input: unknown,
): Promise<ClusterRecord> {
  const { current, privilege } = await clusterForChange(deps, caller, {
    id,
    expectedVersion,
    action: 'edit this cluster',
    privilegeOf: (c, cluster) => clusterPrivilege(c, clusterRef(cluster)),
    from: ['draft', 'submitted', 'returned', 'published'],
  });
  const v = parseInput(updateClusterInput, input);
  const set: Partial<ClusterDocument> = {};
  const changedFields: ClusterField[] = [];
  if (v.name !== undefined) {
    const names = compactNames(v.name);
    if (!same(names, current.names)) {
      set.names = names;
      changedFields.push('name');
    }
  }
  if (v.region !== undefined && (v.region ?? null) !== (current.region ?? null)) {
    set.region = v.region;
    changedFields.push('region');
  }
  if (v.location !== undefined && !same(v.location, current.location ?? null)) {
    set.location = v.location;
    changedFields.push('location');
  }
  if (v.specializations !== undefined) {
    const codes = [...new Set(v.specializations ?? [])];
    if (!same(codes, current.specializations ?? [])) {
      set.specializations = codes;
      changedFields.push('specializations');
    }
  }
  for (const key of PROFILE_SECTIONS) {
    if (v[key] === undefined) continue;
    const value = storedSection(key, v[key]);
    if (!same(value, current[key] ?? storedSection(key, null))) {
      (set as Record<string, unknown>)[key] = value;
      changedFields.push(key);
    }
  }
  if (changedFields.length === 0) return toClusterRecord(current);
  const next: ClusterDocument = { ...current, ...set, version: current.version + 1 };
  next.completeness = completenessOf(next);
  set.completeness = next.completeness;
  const event = clusterUpdated(next, actorOf(caller, privilege), changedFields);
  await writeClusterChange(deps, current, next, set, event);
  return toClusterRecord(next);
}
