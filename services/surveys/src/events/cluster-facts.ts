import {
  applyOnce,
  type CloudEvent,
  type ConsumerDeps,
  EventConsumer,
  type HandleResult,
  TOPICS,
} from '@ccp/kit';
import type { ClusterFactsModel } from '../model/cluster-facts.js';

export const CONSUMER_GROUP = 'ccp-surveys';

interface ClusterEventData {
  economy: string;
  status: string;
}

/**
 * Keeps one facts document per cluster, each event applied once and in order. Every registry cluster event
 * (registered, published and those later issues add) carries the cluster's economy and status.
 */
export async function applyClusterEvent(model: ClusterFactsModel, event: CloudEvent): Promise<HandleResult> {
  if (!event.type.startsWith('ccp.registry.cluster.')) return 'skipped';
  const data = event.data as unknown as ClusterEventData;
  return applyOnce(model, event.subject, event, { economy: data.economy, status: data.status });
}

export interface ClusterFactsConsumerOptions extends ConsumerDeps {
  model: ClusterFactsModel;
  groupId?: string;
}

export function clusterFactsConsumer({
  model,
  groupId = CONSUMER_GROUP,
  ...opts
}: ClusterFactsConsumerOptions) {
  return new EventConsumer({
    ...opts,
    groupId,
    topics: [TOPICS.cluster],
    handle: (event) => applyClusterEvent(model, event),
  });
}
