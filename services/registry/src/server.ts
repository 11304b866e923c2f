import { randomUUID } from 'node:crypto';
import {
  type Caller,
  createSubgraphApollo,
  type EventValidator,
  LOCAL_ERASURE_KEY,
  type Logger,
  OutboxRelay,
} from '@ccp/kit';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type Context, createContext } from './context.js';
import { createClaimsDeps } from './domain/claims-deps.js';
import type { RegistryDeps } from './domain/deps.js';
import { savedSearchConsumer } from './domain/saved-searches.js';
import { prepareClusterIndexes } from './domain/slug.js';
import { StaleReminderSweep } from './domain/stale-reminders.js';
import { userErasureConsumer, userErasureHandler } from './events/user-erasure.js';
import { clusterModel } from './model/cluster.js';
import { clusterLogoModel } from './model/cluster-logo.js';
import { savedSearchModel } from './model/saved-search.js';
import { resolvers } from './resolvers/index.js';
import { clusterLogoRoutes } from './routes/cluster-logo.js';
import { ClusterReadModel } from './search/read-model.js';

export interface RegistryServerDeps {
  mongo: Connection;
  kafka: Kafka;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  sweepIntervalMs?: number;
  /** The group that acts on users' erasure; `ccp-registry-erasure` unless a test needs its own. */
  erasureGroupId?: string;
  /** The read model's own group, unique per process (it must see every event); a random one unless given. */
  readModelGroupId?: string;
  /** The group that notifies saved searches of new clusters; `ccp-registry-saved-searches` unless given. */
  savedSearchGroupId?: string;
  /** A published profile not verified for longer is stale (CLUSTER_STALE_AFTER_DAYS, 365 unless given). */
  staleAfterDays?: number;
  /** How often stale profiles' managers are looked for (CLUSTER_STALE_SWEEP_MS, an hour unless given). */
  staleSweepMs?: number;
  /** ERASURE_KEY: the same in every service (kit's erasure.ts). */
  erasureKey?: string;
}

/** Builds the registry subgraph, its outbox relay and its erasure consumer; never listens (tests use it directly). */
export async function createServer({
  mongo,
  kafka,
  producer,
  validator,
  logger,
  sweepIntervalMs,
  erasureGroupId,
  readModelGroupId = `ccp-registry-read-model-${randomUUID()}`,
  savedSearchGroupId = 'ccp-registry-saved-searches',
  staleAfterDays,
  staleSweepMs,
  erasureKey = LOCAL_ERASURE_KEY,
}: RegistryServerDeps) {
  const clusters = clusterModel(mongo);
  await clusters.init();
  await prepareClusterIndexes(clusters);
  const relay = new OutboxRelay({ model: clusters, producer, logger, sweepIntervalMs });
  const savedSearches = savedSearchModel(mongo);
  await savedSearches.init();
  const savedSearchRelay = new OutboxRelay({ model: savedSearches, producer, logger, sweepIntervalMs });
  const readModel = new ClusterReadModel(clusters, logger);
  await readModel.load(kafka);
  const deps: RegistryDeps = {
    clusters,
    relay,
    validator,
    readModel,
    savedSearches,
    savedSearchRelay,
    claims: await createClaimsDeps({ mongo, producer, logger, sweepIntervalMs, staleAfterDays }),
    erasureKey,
  };
  const erasure = userErasureConsumer({
    kafka,
    producer,
    validator,
    logger,
    deps,
    groupId: erasureGroupId,
  });
  const apollo = createSubgraphApollo<Context>('registry.graphql', resolvers);
  return {
    apollo,
    deps,
    relays: [relay, savedSearchRelay, deps.claims.claimRelay, deps.claims.messageRelay],
    consumers: [
      erasure,
      savedSearchConsumer(deps, { kafka, producer, validator, logger }, savedSearchGroupId),
    ],
    workers: [
      { start: () => readModel.follow(kafka, readModelGroupId), stop: () => readModel.stop() },
      new StaleReminderSweep(deps, logger, staleSweepMs),
    ],
    /** The erasure consumer's handler, for feeding it an event directly. */
    applyUserEvent: userErasureHandler(deps),
    context: (caller: Caller) => createContext(deps, caller),
    /** HTTP endpoints beside /graphql (runService serves them); spread more route maps in here. */
    routes: { ...clusterLogoRoutes({ ...deps, logos: clusterLogoModel(mongo) }) },
  };
}
