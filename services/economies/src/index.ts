import { runService } from '@ccp/kit';
import { economiesEnv } from './config.js';
import { createServer } from './server.js';

await runService({
  name: 'economies',
  defaultPort: 4002,
  env: economiesEnv,
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
      erasureKey: config.ERASURE_KEY,
      publicUrl: config.PUBLIC_URL,
    }),
});
