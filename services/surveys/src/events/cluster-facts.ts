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
  specializations?: string[];
  profile?: { keyMembers?: { type: string }[] } | null;
}

/**
 * Keeps one facts document per cluster, each event applied once and in order. Every registry cluster event
 * (registered, published and those later issues add) carries the cluster's economy and status.
 */
export async function applyClusterEvent(model: ClusterFactsModel, event: CloudEvent): Promise<HandleResult> {
  if (!event.type.startsWith('ccp.registry.cluster.')) return 'skipped';
  const data = event.data as unknown as ClusterEventData;
  return applyOnce(model, event.subject, event, {
    economy: data.economy,
    status: data.status,
    // Every registry event carries both (decision 14); one without them keeps what an earlier one said.
    ...(Array.isArray(data.specializations) ? { specializations: data.specializations } : {}),
    ...(Array.isArray(data.profile?.keyMembers)
      ? { memberTypes: [...new Set(data.profile.keyMembers.map((m) => m.type))] }
      : {}),
  });
}

export interface ClusterFactsConsumerOptions extends ConsumerDeps {
  model: ClusterFactsModel;
  groupId?: string;
  /** Tests give a topic of their own. */
  topic?: string;
}

export function clusterFactsConsumer({
  model,
  groupId = CONSUMER_GROUP,
  topic = TOPICS.cluster,
  ...opts
}: ClusterFactsConsumerOptions) {
  return new EventConsumer({
    ...opts,
    groupId,
    topics: [topic],
    handle: (event) => applyClusterEvent(model, event),
  });
}
