import { type Actor, type CloudEvent, makeEvent } from '@ccp/kit';
import type { ProfileSection } from '../domain/profile.js';
import type { ClusterDocument } from '../model/cluster.js';
import { logoUrlOf } from '../model/cluster-logo.js';

export const ClusterEventType = {
  registered: 'ccp.registry.cluster.registered.v1',
  updated: 'ccp.registry.cluster.updated.v1',
  submitted: 'ccp.registry.cluster.submitted.v1',
  published: 'ccp.registry.cluster.published.v1',
  returned: 'ccp.registry.cluster.returned.v1',
  archived: 'ccp.registry.cluster.archived.v1',
} as const;

/**
 * The profile sections a manager edits, named as in UpdateClusterInput; `lastVerifiedAt` when a manager
 * confirmed the profile; `logo` when its logo was uploaded or removed.
 */
export type ClusterField =
  | 'name'
  | 'region'
  | 'location'
  | 'specializations'
  | ProfileSection
  | 'lastVerifiedAt'
  | 'logo';

/**
 * The public profile integrators mirror: every section, with a contact's email and phone only when the
 * contact is PUBLIC (topics keep everything and are read by integrators, so nothing less public goes there).
 */
export function publicProfile(c: ClusterDocument) {
  return {
    slug: c.slug,
    statusLabel: c.statusLabel ?? null,
    mission: c.mission ?? null,
    keyMembers: c.keyMembers ?? [],
    productsAndServices: c.productsAndServices ?? null,
    internationalMemberships: c.internationalMemberships ?? [],
    management: c.management ?? null,
    partnershipDestinations: c.partnershipDestinations ?? [],
    successStories: c.successStories ?? [],
    contacts: (c.contacts ?? []).map((contact) =>
      contact.visibility === 'PUBLIC' ? contact : { ...contact, email: null, phone: null },
    ),
    founded: c.founded ?? null,
    website: c.website ?? null,
    employees: c.employees ?? null,
    memberCount: c.memberCount ?? null,
    completeness: c.completeness ?? 0,
    lastVerifiedAt: c.lastVerifiedAt?.toISOString() ?? null,
    logoUrl: logoUrlOf(c._id, c.logo),
  };
}

type Facts = ClusterDocument;

/** Every cluster event carries the cluster's current facts, so read models never need an earlier event. */
function facts(c: Facts) {
  return {
    clusterId: c._id,
    economy: c.economyCode,
    name: c.names,
    status: c.status,
    region: c.region,
    location: c.location,
    specializations: c.specializations,
    profile: publicProfile(c as ClusterDocument),
  };
}

/** A cluster-topic event: its sequence is the cluster's version, so emit one only with a version bump. */
export function clusterEvent(
  c: ClusterDocument,
  type: string,
  actor: Actor,
  data: Record<string, unknown>,
  time?: Date,
) {
  return makeEvent({
    service: 'registry',
    type,
    subject: c._id,
    sequence: c.version,
    economy: c.economyCode,
    actor,
    data: { ...facts(c), ...data },
    time,
  });
}

/** accounts makes `registeredBy` the cluster's first manager, unless its origin is imported or seeded. */
export function clusterRegistered(c: ClusterDocument, actor: Actor): CloudEvent {
  const data = { registeredBy: c.registeredBy, origin: c.origin ?? 'registered' };
  return clusterEvent(c, ClusterEventType.registered, actor, data, c.createdAt);
}

export function clusterUpdated(c: ClusterDocument, actor: Actor, changedFields: ClusterField[]): CloudEvent {
  return clusterEvent(c, ClusterEventType.updated, actor, { changedFields });
}

export function clusterSubmitted(c: ClusterDocument, actor: Actor): CloudEvent {
  return clusterEvent(c, ClusterEventType.submitted, actor, {});
}

export function clusterPublished(c: ClusterDocument, actor: Actor): CloudEvent {
  const publishedAt = c.publishedAt ?? new Date();
  return clusterEvent(
    c,
    ClusterEventType.published,
    actor,
    { publishedAt: publishedAt.toISOString(), publishedBy: actor.subject },
    publishedAt,
  );
}

export function clusterReturned(c: ClusterDocument, actor: Actor): CloudEvent {
  const returnedAt = c.lastReturn?.returnedAt ?? new Date();
  return clusterEvent(
    c,
    ClusterEventType.returned,
    actor,
    { comments: c.lastReturn?.comments ?? '', returnedAt: returnedAt.toISOString() },
    returnedAt,
  );
}

export function clusterArchived(c: ClusterDocument, actor: Actor): CloudEvent {
  const archivedAt = c.archivedAt ?? new Date();
  return clusterEvent(
    c,
    ClusterEventType.archived,
    actor,
    { reason: c.archiveReason ?? '', archivedAt: archivedAt.toISOString() },
    archivedAt,
  );
}
