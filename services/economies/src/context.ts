import type { Caller } from '@ccp/kit';
import DataLoader from 'dataloader';
import type { EconomiesDeps } from './domain/deps.js';
import type { EconomyRecord } from './model/economy.js';

export interface Context {
  caller: Caller;
  deps: EconomiesDeps;
  economyByCode: DataLoader<string, EconomyRecord | null>;
}

export function createContext(deps: EconomiesDeps, caller: Caller): Context {
  return { caller, deps, economyByCode: new DataLoader((codes) => deps.repository.byCodes(codes)) };
}
