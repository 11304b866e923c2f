import { randomUUID } from 'node:crypto';
import { runService } from '@ccp/kit';
import { matchmakingEnv } from './config.js';
import { reminderOptions, workshopReminderEnv } from './domain/workshop-reminders.js';
import { createServer } from './server.js';

await runService({
  name: 'matchmaking',
  defaultPort: 4003,
  env: matchmakingEnv.extend(workshopReminderEnv.shape),
  build: ({ mongo, kafka, producer, validator, logger, config }) =>
    createServer({
      mongo,
      kafka,
      producer,
      validator,
      logger,
      sweepIntervalMs: config.OUTBOX_SWEEP_MS,
      consumerGroupId: `${config.KAFKA_GROUP_PREFIX}-matchmaking`,
      erasureGroupId: `${config.KAFKA_GROUP_PREFIX}-matchmaking-erasure`,
      partnerIndexGroupId: `${config.KAFKA_GROUP_PREFIX}-matchmaking-partner-index-${randomUUID()}`,
      matchRequestExpiryDays: config.MATCH_REQUEST_EXPIRY_DAYS,
      erasureKey: config.ERASURE_KEY,
      workshopReminders: reminderOptions(config),
    }),
});
