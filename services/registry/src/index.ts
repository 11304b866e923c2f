import { runService } from '@ccp/kit';
import { createServer } from './server.js';

await runService({
  name: 'registry',
  defaultPort: 4001,
  build: ({ mongo, kafka, producer, validator, logger, config }) =>
    createServer({
      mongo,
      kafka,
      producer,
      validator,
      logger,
      sweepIntervalMs: config.OUTBOX_SWEEP_MS,
      erasureGroupId: `${config.KAFKA_GROUP_PREFIX}-registry-erasure`,
    }),
});
