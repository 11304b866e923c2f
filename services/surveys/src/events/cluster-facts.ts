import {
  applyOnce,
  type CloudEvent,
  EventConsumer,
  type EventValidator,
  type HandleResult,
  type Logger,
  TOPICS,
} from '@ccp/kit';
import type { Kafka, Producer } from 'kafkajs';
import type { ClusterFactsModel } from '../model/cluster-facts.js';

export const CONSUMER_GROUP = 'ccp-surveys';

const ClusterEventType = {
  registered: 'ccp.registry.cluster.registered.v1',
  published: 'ccp.registry.cluster.published.v1',
} as const;

interface ClusterEventData {
  economy: string;
  status: string;
  name: Record<string, string>;
}

/** Keeps one facts document per cluster (economy, status, name), each event applied once and in order. */
export async function applyClusterEvent(model: ClusterFactsModel, event: CloudEvent): Promise<HandleResult> {
  if (event.type !== ClusterEventType.registered && event.type !== ClusterEventType.published) return 'skipped';
  const data = event.data as unknown as ClusterEventData;
  return applyOnce(model, event.subject, event, { economy: data.economy, status: data.status, name: data.name });
}

export interface ClusterFactsConsumerOptions {
  kafka: Kafka;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  model: ClusterFactsModel;
  groupId?: string;
}

export function clusterFactsConsumer({ model, groupId = CONSUMER_GROUP, ...opts }: ClusterFactsConsumerOptions) {
  return new EventConsumer({
    ...opts,
    groupId,
    topics: [TOPICS.cluster],
    handle: (event) => applyClusterEvent(model, event),
  });
}
