import type { ClusterCountProjector } from './cluster-count.js';
import type { EconomyRepository } from '../model/economy.js';

export interface EconomiesDeps {
  repository: EconomyRepository;
  projector: ClusterCountProjector;
}
