import { type CloudEvent, clusterPrivilege, specializationScope } from '@ccp/kit';
import type { EndpointRecord } from '../model/endpoint.js';
import { typeMatches } from './event-types.js';

const CLUSTER_PREFIX = 'ccp.registry.cluster.';
const PUBLIC_STATUSES = new Set(['published', 'archived']);

function economyOf(event: CloudEvent): string {
  const data = event.data as { economy?: string | null };
  return event.economy ?? data.economy ?? 'APEC';
}

function specializationsOf(event: CloudEvent): string[] {
  const data = event.data as { specializations?: string[]; sectors?: string[] };
  return data.specializations ?? data.sectors ?? [];
}

function clusterIdOf(event: CloudEvent): string | undefined {
  if (event.type.startsWith(CLUSTER_PREFIX)) return event.subject;
  return (event.data as { clusterId?: string }).clusterId;
}

/**
 * What a visitor may see, as for the graph: a cluster's events only when its status after the change is
 * published or archived, unless the endpoint's owner holds a privilege on that cluster.
 */
export function visibleTo(endpoint: EndpointRecord, event: CloudEvent): boolean {
  if (!event.type.startsWith(CLUSTER_PREFIX)) return true;
  const status = (event.data as { status?: string }).status;
  if (status && PUBLIC_STATUSES.has(status)) return true;
  const owner = { subject: endpoint.owner, kind: endpoint.ownerKind, grants: endpoint.ownerGrants };
  return clusterPrivilege(owner, { id: event.subject, economy: economyOf(event) }) !== null;
}

/** Does the endpoint want the event (type and filter) and may its owner see it? */
export function endpointWants(endpoint: EndpointRecord, event: CloudEvent): boolean {
  if (!endpoint.eventTypes.some((p) => typeMatches(p, event.type))) return false;
  const { economies, specializations, clusterIds } = endpoint.filter;
  if (economies.length && !economies.includes(economyOf(event))) return false;
  if (specializations.length) {
    const scope = specializationScope(specializationsOf(event));
    if (!specializations.some((s) => scope.has(s))) return false;
  }
  if (clusterIds.length) {
    const id = clusterIdOf(event);
    if (!id || !clusterIds.includes(id)) return false;
  }
  return visibleTo(endpoint, event);
}
