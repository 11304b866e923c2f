import { haystack, specializationLabels, specializationScope } from '@ccp/kit';
import type { ClusterRecord, ClusterStatus, KeyMember, Texts } from '../model/cluster.js';

/** What search, facets, sorting and the map need of a cluster, kept in memory for every cluster. */
export interface SearchEntry {
  id: string;
  version: number;
  slug: string;
  status: ClusterStatus;
  economyCode: string;
  names: Record<string, string>;
  specializations: string[];
  /** The codes and their parents: a filter by a parent matches its children. */
  specializationScope: Set<string>;
  memberTypes: Set<KeyMember['type']>;
  internationalMembership: boolean;
  founded: number | null;
  completeness: number;
  memberCount: number | null;
  updatedAt: number;
  location: { lat: number; lng: number } | null;
  nameHay: string;
  hay: string;
}

/** The cluster facts every registry event carries (see src/events/cluster-events.ts). */
export interface ClusterFacts {
  id: string;
  version: number;
  status: ClusterStatus;
  economyCode: string;
  names: Record<string, string>;
  region: string | null;
  location: { lat: number; lng: number } | null;
  specializations: string[];
  slug: string;
  statusLabel: Texts | null;
  mission: Texts | null;
  productsAndServices: Texts | null;
  keyMembers: { name: string; type: KeyMember['type'] }[];
  internationalMemberships: { name: string }[];
  founded: number | null;
  completeness: number;
  memberCount: number | null;
  updatedAt: number;
}

const texts = (t: Texts | null | undefined) => (t ? Object.values(t) : []);

export function searchEntry(f: ClusterFacts): SearchEntry {
  const scope = specializationScope(f.specializations);
  const labels = specializationLabels(f.specializations);
  const nameHay = haystack(Object.values(f.names));
  return {
    id: f.id,
    version: f.version,
    slug: f.slug,
    status: f.status,
    economyCode: f.economyCode,
    names: f.names,
    specializations: f.specializations,
    specializationScope: scope,
    memberTypes: new Set(f.keyMembers.map((m) => m.type)),
    internationalMembership: f.internationalMemberships.length > 0,
    founded: f.founded,
    completeness: f.completeness,
    memberCount: f.memberCount,
    updatedAt: f.updatedAt,
    location: f.location,
    nameHay,
    hay: `${nameHay}${haystack([
      f.region,
      ...texts(f.statusLabel),
      ...texts(f.mission),
      ...texts(f.productsAndServices),
      ...f.keyMembers.map((m) => m.name),
      ...f.internationalMemberships.map((m) => m.name),
      ...f.specializations,
      ...labels,
    ])}`,
  };
}

/** When a cluster last changed: its newest history line. */
export const updatedAtOf = (c: Pick<ClusterRecord, 'history' | 'createdAt'>): Date =>
  new Date(c.history.at(-1)?.at ?? c.createdAt);

export function factsOfRecord(c: ClusterRecord): ClusterFacts {
  return {
    id: c.id,
    version: c.version,
    status: c.status,
    economyCode: c.economyCode,
    names: c.names as Record<string, string>,
    region: c.region,
    location: c.location,
    specializations: c.specializations,
    slug: c.slug,
    statusLabel: c.statusLabel,
    mission: c.mission,
    productsAndServices: c.productsAndServices,
    keyMembers: c.keyMembers,
    internationalMemberships: c.internationalMemberships,
    founded: c.founded,
    completeness: c.completeness,
    memberCount: c.memberCount,
    updatedAt: updatedAtOf(c).getTime(),
  };
}

interface EventData {
  clusterId: string;
  economy: string;
  name: Record<string, string>;
  status: ClusterStatus;
  region?: string | null;
  location?: { lat: number; lng: number } | null;
  specializations?: string[];
  profile?: Partial<Omit<ClusterFacts, 'keyMembers' | 'internationalMemberships'>> & {
    keyMembers?: { name: string; type: KeyMember['type'] }[];
    internationalMemberships?: { name: string }[];
  };
}

/** The facts of a registry event (its data and public profile snapshot), at the event's sequence. */
export function factsOfEvent(event: { sequence: number; time: string; data: unknown }): ClusterFacts | null {
  const d = event.data as EventData;
  if (!d?.clusterId || !d.profile?.slug) return null;
  const p = d.profile;
  return {
    id: d.clusterId,
    version: event.sequence,
    status: d.status,
    economyCode: d.economy,
    names: d.name,
    region: d.region ?? null,
    location: d.location ?? null,
    specializations: d.specializations ?? [],
    slug: p.slug as string,
    statusLabel: p.statusLabel ?? null,
    mission: p.mission ?? null,
    productsAndServices: p.productsAndServices ?? null,
    keyMembers: p.keyMembers ?? [],
    internationalMemberships: p.internationalMemberships ?? [],
    founded: p.founded ?? null,
    completeness: p.completeness ?? 0,
    memberCount: p.memberCount ?? null,
    updatedAt: Date.parse(event.time),
  };
}
