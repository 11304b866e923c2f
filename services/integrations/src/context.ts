import type { Caller } from '@ccp/kit';
import type { IntegrationsDeps } from './domain/deps.js';

export interface Context {
  caller: Caller;
  deps: IntegrationsDeps;
}

export const createContext = (deps: IntegrationsDeps, caller: Caller): Context => ({ caller, deps });
