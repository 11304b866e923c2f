import { randomUUID } from 'node:crypto';
import { runService } from '@ccp/kit';
import { campaignEnv, campaignOptions } from './domain/campaign-deps.js';
import { resultsEnv } from './results/results-deps.js';
import { createServer } from './server.js';

await runService({
  name: 'surveys',
  defaultPort: 4004,
  env: campaignEnv.extend(resultsEnv.shape),
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
      followUpGroupId: `${config.KAFKA_GROUP_PREFIX}-surveys-follow-ups`,
      respondentsGroupId: `${config.KAFKA_GROUP_PREFIX}-surveys-respondents`,
      campaigns: campaignOptions(config),
      resultsMinCell: config.RESULTS_MIN_CELL,
      resultsGroupId: `${config.KAFKA_GROUP_PREFIX}-surveys-results-${randomUUID()}`,
      erasureKey: config.ERASURE_KEY,
    }),
});
