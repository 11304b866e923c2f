import { runService } from '@ccp/kit';
import { createServer } from './server.js';

await runService({
  name: 'economies',
  defaultPort: 4002,
  build: ({ mongo, kafka, producer, validator, logger, config }) =>
    createServer({
      mongo,
      kafka,
      producer,
      validator,
      logger,
      groupId: `${config.KAFKA_GROUP_PREFIX}-economies`,
      registrationGroupId: `${config.KAFKA_GROUP_PREFIX}-economies-registration`,
      kpiGroupId: `${config.KAFKA_GROUP_PREFIX}-economies-kpi`,
      sweepIntervalMs: config.OUTBOX_SWEEP_MS,
    }),
});
