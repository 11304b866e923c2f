import type { Caller } from '@ccp/kit';
import DataLoader from 'dataloader';
import type { EconomiesDeps } from './domain/deps.js';
import type { EconomyRecord } from './model/economy.js';
import type { EconomyStatisticsDocument } from './model/statistics.js';

export interface Context {
  caller: Caller;
  deps: EconomiesDeps;
  economyByCode: DataLoader<string, EconomyRecord | null>;
  statisticsByCode: DataLoader<string, EconomyStatisticsDocument | null>;
}

export function createContext(deps: EconomiesDeps, caller: Caller): Context {
  return {
    caller,
    deps,
    economyByCode: new DataLoader((codes) => deps.repository.byCodes(codes)),
    statisticsByCode: new DataLoader((codes) => deps.statistics.byCodes(codes)),
  };
}
