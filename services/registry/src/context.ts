import type { Caller } from '@ccp/kit';
import DataLoader from 'dataloader';
import type { RegistryDeps } from './domain/deps.js';
import type { ClusterRecord } from './model/cluster.js';

export interface Context {
  caller: Caller;
  deps: RegistryDeps;
  clusterById: DataLoader<string, ClusterRecord | null>;
}

export function createContext(deps: RegistryDeps, caller: Caller): Context {
  return {
    caller,
    deps,
    clusterById: new DataLoader((ids) => deps.readModel.byIds(ids)),
  };
}
