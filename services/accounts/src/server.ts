import { type Caller, createSubgraphApollo, type EventValidator, type Logger } from '@ccp/kit';
import type { Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type Context, createContext } from './context.js';
import { createAccountsDeps } from './domain/deps.js';
import { resolvers } from './resolvers/index.js';

export interface AccountsServerDeps {
  mongo: Connection;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  sweepIntervalMs?: number;
}

/** Builds the accounts subgraph and its outbox relay; never listens (tests use it directly). */
export async function createServer({
  mongo,
  producer,
  validator,
  logger,
  sweepIntervalMs,
}: AccountsServerDeps) {
  const deps = await createAccountsDeps({ mongo, producer, validator, logger, sweepIntervalMs });
  const apollo = createSubgraphApollo<Context>('accounts.graphql', resolvers);
  return {
    apollo,
    deps,
    relays: [deps.relay],
    context: (caller: Caller) => createContext(deps, caller),
  };
}
