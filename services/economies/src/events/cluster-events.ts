import { applyOnce, type CloudEvent, type HandleResult } from '@ccp/kit';
import type { ClusterCountProjector } from '../domain/cluster-count.js';
import type { ClusterFactModel } from '../model/cluster-fact.js';

interface ClusterEventData {
  clusterId: string;
  economy: string;
  status: string;
}

/** Registry events economies reacts to: every cluster event carries the cluster's economy and status. */
export function clusterEventHandler(facts: ClusterFactModel, projector: ClusterCountProjector) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (!event.type.startsWith('ccp.registry.cluster.')) return 'skipped';
    const data = event.data as unknown as ClusterEventData;
    const previous = await facts.findById(event.subject, { economy: 1 }).lean<{ economy: string }>();
    const result = await applyOnce(facts, event.subject, event, { economy: data.economy, status: data.status });
    if (result === 'applied') {
      projector.markDirty(data.economy, ...(previous && previous.economy !== data.economy ? [previous.economy] : []));
    }
    return result;
  };
}
