import { type Actor, type CloudEvent, makeEvent } from '@ccp/kit';
import type { ClusterDocument } from '../model/cluster.js';

export const ClusterEventType = {
  registered: 'ccp.registry.cluster.registered.v1',
  updated: 'ccp.registry.cluster.updated.v1',
  submitted: 'ccp.registry.cluster.submitted.v1',
  published: 'ccp.registry.cluster.published.v1',
  returned: 'ccp.registry.cluster.returned.v1',
} as const;

/** The profile fields a manager edits, named as in UpdateClusterInput. */
export type ClusterField = 'name' | 'region' | 'location' | 'specializations';

type Facts = Pick<
  ClusterDocument,
  '_id' | 'economyCode' | 'names' | 'status' | 'region' | 'location' | 'specializations'
>;

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
  };
}

function clusterEvent(
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

/** accounts makes `registeredBy` the cluster's first manager. */
export function clusterRegistered(c: ClusterDocument, actor: Actor): CloudEvent {
  return clusterEvent(c, ClusterEventType.registered, actor, { registeredBy: c.registeredBy }, c.createdAt);
}

export function clusterUpdated(c: ClusterDocument, actor: Actor, changedFields: ClusterField[]): CloudEvent {
  return clusterEvent(c, ClusterEventType.updated, actor, { changedFields });
}

export function clusterSubmitted(c: ClusterDocument, actor: Actor): CloudEvent {
  return clusterEvent(c, ClusterEventType.submitted, actor, {});
}

export function clusterPublished(c: ClusterDocument, actor: Actor): CloudEvent {
  return clusterEvent(c, ClusterEventType.published, actor, {
    publishedAt: (c.publishedAt ?? new Date()).toISOString(),
    publishedBy: actor.subject,
  });
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
