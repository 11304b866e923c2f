import { type Caller, createSubgraphApollo, type EventValidator, type Logger } from '@ccp/kit';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type Context, createContext } from './context.js';
import { type AccountsOptions, createAccountsDeps } from './domain/deps.js';
import { auditLogConsumer } from './events/audit-log.js';
import { clusterFactsConsumer } from './events/cluster-facts.js';
import { notificationRequestConsumer } from './events/notification-requests.js';
import { resolvers } from './resolvers/index.js';
import { accountsRoutes } from './routes/index.js';

export interface AccountsServerDeps
  extends Omit<AccountsOptions, 'mongo' | 'producer' | 'validator' | 'logger'> {
  mongo: Connection;
  kafka: Kafka;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  /** Consumer groups (`ccp-accounts`, `ccp-accounts-notifications`, `ccp-accounts-audit` unless given). */
  consumerGroups?: { clusters?: string; notifications?: string; audit?: string };
}

/**
 * Builds the accounts subgraph, its token endpoints, outbox relays and consumers (cluster facts and
 * registrars' manager grants, notification delivery, the audit log); never listens (tests use it directly).
 */
export async function createServer({
  mongo,
  kafka,
  producer,
  validator,
  logger,
  consumerGroups = {},
  ...options
}: AccountsServerDeps) {
  const deps = await createAccountsDeps({ mongo, producer, validator, logger, ...options });
  const consumer = { kafka, producer, validator, logger };
  const apollo = createSubgraphApollo<Context>('accounts.graphql', resolvers);
  return {
    apollo,
    deps,
    relays: [deps.relay, deps.invitationRelay],
    consumers: [
      clusterFactsConsumer(deps, consumer, consumerGroups.clusters ?? 'ccp-accounts'),
      notificationRequestConsumer(
        deps.notifier,
        consumer,
        consumerGroups.notifications ?? 'ccp-accounts-notifications',
      ),
      auditLogConsumer(deps.audit, consumer, consumerGroups.audit ?? 'ccp-accounts-audit'),
    ],
    routes: accountsRoutes(deps),
    context: (caller: Caller) => createContext(deps, caller),
  };
}
