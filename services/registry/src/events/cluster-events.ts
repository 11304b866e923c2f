import { type CloudEvent, makeEvent } from '@ccp/kit';
import type { ClusterDocument } from '../model/cluster.js';

export const ClusterEventType = {
  registered: 'ccp.registry.cluster.registered.v1',
  published: 'ccp.registry.cluster.published.v1',
} as const;

function facts(c: Pick<ClusterDocument, '_id' | 'economyCode' | 'names' | 'status' | 'region' | 'location' | 'specializations'>) {
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

export function clusterRegistered(c: ClusterDocument): CloudEvent {
  return makeEvent({
    service: 'registry',
    type: ClusterEventType.registered,
    subject: c._id,
    sequence: c.version,
    economy: c.economyCode,
    data: { ...facts(c), registeredBy: c.registeredBy },
    time: c.createdAt,
  });
}

export function clusterPublished(c: ClusterDocument, publishedBy: string): CloudEvent {
  return makeEvent({
    service: 'registry',
    type: ClusterEventType.published,
    subject: c._id,
    sequence: c.version,
    economy: c.economyCode,
    data: { ...facts(c), publishedAt: (c.publishedAt ?? new Date()).toISOString(), publishedBy },
  });
}
