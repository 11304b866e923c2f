import type { EventValidator, OutboxRelay } from '@ccp/kit';
import type { ClusterModel, ClusterRepository } from '../model/cluster.js';

/** What the registry's use cases need; built once in server.ts. */
export interface RegistryDeps {
  clusters: ClusterModel;
  repository: ClusterRepository;
  relay: OutboxRelay;
  validator: EventValidator;
}
