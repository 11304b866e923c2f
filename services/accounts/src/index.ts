import { readPem, runService } from '@ccp/kit';
import { accountsEnv } from './config.js';
import { createServer } from './server.js';

await runService({
  name: 'accounts',
  defaultPort: 4005,
  env: accountsEnv,
  build: ({ mongo, kafka, producer, validator, logger, config }) => {
    const configuredKey = config.ACCESS_TOKEN_PRIVATE_KEY || config.ACCESS_TOKEN_PRIVATE_KEY_FILE;
    const prefix = config.KAFKA_GROUP_PREFIX;
    return createServer({
      mongo,
      kafka,
      producer,
      validator,
      logger,
      sweepIntervalMs: config.OUTBOX_SWEEP_MS,
      accessTokenPrivateKeyPem: configuredKey
        ? readPem(
            config.ACCESS_TOKEN_PRIVATE_KEY,
            config.ACCESS_TOKEN_PRIVATE_KEY_FILE,
            'ACCESS_TOKEN_PRIVATE_KEY',
          )
        : undefined,
      smtpUrl: config.SMTP_URL,
      mailFrom: config.MAIL_FROM,
      mailboxDir: config.MAILBOX_DIR,
      publicUrl: config.PUBLIC_URL,
      erasureKey: config.ERASURE_KEY,
      consumerGroups: {
        clusters: `${prefix}-accounts`,
        notifications: `${prefix}-accounts-notifications`,
        audit: `${prefix}-accounts-audit`,
      },
    });
  },
});
