import { runService } from '@ccp/kit';
import { createServer } from './server.js';

await runService({
  name: 'surveys',
  defaultPort: 4004,
  build: ({ mongo, kafka, producer, validator, logger, config }) =>
    createServer({
      mongo,
      kafka,
      producer,
      validator,
      logger,
      sweepIntervalMs: config.OUTBOX_SWEEP_MS,
      consumerGroupId: `${config.KAFKA_GROUP_PREFIX}-surveys`,
      erasureGroupId: `${config.KAFKA_GROUP_PREFIX}-surveys-erasure`,
    }),
});
