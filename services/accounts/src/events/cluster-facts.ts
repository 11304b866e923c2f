import {
  applyOnce,
  type CloudEvent,
  type ConsumerDeps,
  EventConsumer,
  type HandleResult,
  SYSTEM_ACTOR,
  TOPICS,
} from '@ccp/kit';
import type { AccountsDeps } from '../domain/deps.js';
import { grantRole } from '../domain/grant-role.js';
import type { ClusterFactDocument } from '../model/cluster-fact.js';
import { roleGranted } from '../notifications/messages.js';

export const CLUSTER_REGISTERED = 'ccp.registry.cluster.registered.v1';
/** A coordinator approved a user's claim on an imported or seeded cluster: `userId` becomes its manager. */
export const CLUSTER_CLAIMED = 'ccp.registry.cluster.claimed.v1';
const FACT_EVENTS = new Set([CLUSTER_REGISTERED, 'ccp.registry.cluster.published.v1', CLUSTER_CLAIMED]);

interface ClusterEventData {
  clusterId: string;
  economy: string;
  name: Record<string, string>;
  registeredBy?: string;
  /** On a claimed event: the user whose claim was approved. */
  userId?: string;
  /** Absent on events from before imports existed: those clusters were registered by their user. */
  origin?: 'registered' | 'imported' | 'seeded';
}

/** An importer or the seed command brings a cluster without managing it: it stays claimable. */
const WITHOUT_MANAGER = new Set(['imported', 'seeded']);

/**
 * Keeps each cluster's economy (coordinators grant managers for their economy's clusters) and makes the user
 * who registered a cluster its manager (not the importer of an imported or seeded one), as it does the user
 * whose claim on an imported or seeded cluster was approved. The grant comes before the fact is marked
 * applied: a crash between them grants again on redelivery, which changes nothing; a replay after a manager
 * stepped down finds the event applied and does not give the role back.
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
      !WITHOUT_MANAGER.has(data.origin ?? 'registered') &&
      (await deps.repository.byId(data.registeredBy))
    ) {
      await grantRole(
        deps,
        data.registeredBy,
        { role: 'cluster-manager', clusterId: event.subject },
        { actor: SYSTEM_ACTOR },
      );
    }
    if (event.type === CLUSTER_CLAIMED && data.userId && (await deps.repository.byId(data.userId))) {
      const grant = { role: 'cluster-manager' as const, clusterId: event.subject };
      // The notice names the cluster as the event does: accounts may not have its facts yet.
      const notification = roleGranted({ ...grant, clusterNames: data.name });
      await grantRole(deps, data.userId, grant, { actor: SYSTEM_ACTOR, notification });
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
