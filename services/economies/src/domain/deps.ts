import type { EconomyRepository } from '../model/economy.js';
import type { ClusterCountProjector } from './cluster-count.js';
import type { KpiProjector } from './kpi-projector.js';
import type { KpiDeps } from './kpis.js';

export interface EconomiesDeps extends KpiDeps {
  repository: EconomyRepository;
  projector: ClusterCountProjector;
  kpiProjector: KpiProjector;
}
