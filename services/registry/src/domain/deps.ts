import type { EventValidator, OutboxRelay } from '@ccp/kit';
import type { ClusterModel } from '../model/cluster.js';
import type { SavedSearchModel } from '../model/saved-search.js';
import type { ClusterReadModel } from '../search/read-model.js';
import type { ClaimsDeps } from './claims-deps.js';

/** What the registry's use cases need; built once in server.ts. */
export interface RegistryDeps {
  clusters: ClusterModel;
  relay: OutboxRelay;
  validator: EventValidator;
  /** Every cluster in memory for reads; every write here puts its result in it. */
  readModel: ClusterReadModel;
  savedSearches: SavedSearchModel;
  savedSearchRelay: OutboxRelay;
  /** Claims, messages to clusters and stale-profile reminders. */
  claims: ClaimsDeps;
  /** Key of the email digest in erasure events (kit's emailDigest): finds an erased user's contact entries. */
  erasureKey: string;
}
