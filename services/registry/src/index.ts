import { randomUUID } from 'node:crypto';
import { runService } from '@ccp/kit';
import { registryEnv } from './config.js';
import { createServer } from './server.js';

await runService({
  name: 'registry',
  defaultPort: 4001,
  env: registryEnv,
  build: ({ mongo, kafka, producer, validator, logger, config }) =>
    createServer({
      mongo,
      kafka,
      producer,
      validator,
      logger,
      sweepIntervalMs: config.OUTBOX_SWEEP_MS,
      erasureGroupId: `${config.KAFKA_GROUP_PREFIX}-registry-erasure`,
      savedSearchGroupId: `${config.KAFKA_GROUP_PREFIX}-registry-saved-searches`,
      readModelGroupId: `${config.KAFKA_GROUP_PREFIX}-registry-read-model-${randomUUID()}`,
      staleAfterDays: config.CLUSTER_STALE_AFTER_DAYS,
      staleSweepMs: config.CLUSTER_STALE_SWEEP_MS,
      erasureKey: config.ERASURE_KEY,
    }),
});
