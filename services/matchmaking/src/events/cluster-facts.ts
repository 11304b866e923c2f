import {
  applyOnce,
  type CloudEvent,
  type ConsumerDeps,
  EventConsumer,
  type HandleResult,
  TOPICS,
} from '@ccp/kit';
import type { ClusterFactsModel } from '../model/cluster-facts.js';

export const CLUSTER_FACTS_GROUP = 'ccp-matchmaking';

/** Registry events that carry a cluster's full facts (their schemas require them). */
const FACT_EVENTS = new Set([
  'ccp.registry.cluster.registered.v1',
  'ccp.registry.cluster.updated.v1',
  'ccp.registry.cluster.submitted.v1',
  'ccp.registry.cluster.published.v1',
  'ccp.registry.cluster.returned.v1',
  'ccp.registry.cluster.archived.v1',
]);

interface ClusterFactsData {
  clusterId: string;
  economy: string;
  name: Record<string, string>;
  status: string;
  specializations?: string[];
  region?: string | null;
  location?: { lat: number; lng: number } | null;
}

/** Keeps one facts document per cluster; a redelivered or older event changes nothing. */
export function clusterFactsHandler(model: ClusterFactsModel) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (!FACT_EVENTS.has(event.type)) return 'skipped';
    const data = event.data as unknown as ClusterFactsData;
    return applyOnce(model, event.subject, event, {
      economy: data.economy,
      names: data.name,
      status: data.status,
      specializations: [...new Set(data.specializations ?? [])],
      region: data.region ?? null,
      location: data.location ? { lat: data.location.lat, lng: data.location.lng } : null,
    });
  };
}

export interface ClusterFactsConsumerOptions extends ConsumerDeps {
  model: ClusterFactsModel;
  groupId?: string;
}

export function clusterFactsConsumer({
  model,
  groupId,
  ...rest
}: ClusterFactsConsumerOptions): EventConsumer {
  return new EventConsumer({
    ...rest,
    groupId: groupId ?? CLUSTER_FACTS_GROUP,
    topics: [TOPICS.cluster],
    handle: clusterFactsHandler(model),
  });
}
