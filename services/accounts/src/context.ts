import type { Caller } from '@ccp/kit';
import DataLoader from 'dataloader';
import type { AccountsDeps } from './domain/deps.js';
import type { UserRecord } from './model/user.js';

export interface Context {
  caller: Caller;
  deps: AccountsDeps;
  userById: DataLoader<string, UserRecord | null>;
}

export function createContext(deps: AccountsDeps, caller: Caller): Context {
  return {
    caller,
    deps,
    userById: new DataLoader((ids) => deps.repository.byIds(ids)),
  };
}
