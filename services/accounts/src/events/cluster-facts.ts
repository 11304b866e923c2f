import {
  applyOnce,
  type CloudEvent,
  type ConsumerDeps,
  EventConsumer,
  type HandleResult,
  TOPICS,
} from '@ccp/kit';
import type { AccountsDeps } from '../domain/deps.js';
import { grantRole } from '../domain/grant-role.js';
import type { ClusterFactDocument } from '../model/cluster-fact.js';
import { SYSTEM_ACTOR } from './user-events.js';

export const CLUSTER_REGISTERED = 'ccp.registry.cluster.registered.v1';
const FACT_EVENTS = new Set([CLUSTER_REGISTERED, 'ccp.registry.cluster.published.v1']);

interface ClusterEventData {
  clusterId: string;
  economy: string;
  name: Record<string, string>;
  registeredBy?: string;
}

/**
 * Keeps each cluster's economy (coordinators grant managers for their economy's clusters) and makes the user
 * who registered a cluster its manager. The grant comes before the fact is marked applied: a crash between
 * them grants again on redelivery, which changes nothing; a replay after a manager stepped down finds the
 * event applied and does not give the role back.
 */
export function clusterFactsHandler(deps: AccountsDeps) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (!FACT_EVENTS.has(event.type)) return 'skipped';
    const data = event.data as unknown as ClusterEventData;
    const known = await deps.clusterFacts.findById(event.subject, { applied: 1 }).lean<ClusterFactDocument>();
    if (known && known.applied.sequence >= event.sequence) return 'skipped';
    if (
      event.type === CLUSTER_REGISTERED &&
      data.registeredBy &&
      (await deps.repository.byId(data.registeredBy))
    ) {
      await grantRole(
        deps,
        data.registeredBy,
        { role: 'cluster-manager', clusterId: event.subject },
        { actor: SYSTEM_ACTOR },
      );
    }
    return applyOnce(deps.clusterFacts, event.subject, event, {
      economy: data.economy,
      names: data.name,
      ...(event.type === CLUSTER_REGISTERED ? { registeredBy: data.registeredBy ?? null } : {}),
    });
  };
}

export function clusterFactsConsumer(
  deps: AccountsDeps,
  consumer: ConsumerDeps,
  groupId: string,
): EventConsumer {
  return new EventConsumer({
    ...consumer,
    groupId,
    topics: [TOPICS.cluster],
    handle: clusterFactsHandler(deps),
  });
}
