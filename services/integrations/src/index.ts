import { runService } from '@ccp/kit';
import { integrationsEnv, integrationsOptions } from './config.js';
import { createServer } from './server.js';

await runService({
  name: 'integrations',
  defaultPort: 4006,
  env: integrationsEnv,
  build: ({ mongo, kafka, validator, logger, config }) =>
    createServer({
      mongo,
      kafka,
      validator,
      logger,
      options: integrationsOptions(config),
      consumerGroupId: `${config.KAFKA_GROUP_PREFIX}-integrations`,
    }),
});
