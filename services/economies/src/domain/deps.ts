import type { EconomyRepository } from '../model/economy.js';
import type { ClusterCountProjector } from './cluster-count.js';
import type { EconomyPageDeps } from './economy-page.js';
import type { KpiAggregator } from './kpi-aggregator.js';
import type { KpiDeps } from './kpis.js';
import type { PublicationDeps } from './publications.js';
import type { StatisticsRepository } from './statistics.js';
import type { StatisticsProjector } from './statistics-projector.js';

export interface EconomiesDeps extends KpiDeps, EconomyPageDeps, PublicationDeps {
  repository: EconomyRepository;
  projector: ClusterCountProjector;
  statistics: StatisticsRepository;
  statisticsProjector: StatisticsProjector;
  kpiAggregator: KpiAggregator;
}
