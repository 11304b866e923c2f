import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  baseEnvSchema,
  connectMongo,
  createKafka,
  createLogger,
  createProducer,
  EventValidator,
  loadConfig,
  readPem,
} from '@ccp/kit';
import type { GraphQLError } from 'graphql';
import { z } from 'zod';
import { accountsEnv } from '../config.js';
import { createSecretariat } from '../domain/create-secretariat.js';
import { createAccountsDeps } from '../domain/deps.js';

const USAGE =
  'usage: node dist/cli/create-secretariat.js --email <address> --name <name> --password-file <path> ' +
  '[--organization <name>] [--locale <bcp47>]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    'password-file': { type: 'string' },
    organization: { type: 'string' },
    locale: { type: 'string' },
  },
  strict: true,
});
if (!values.email || !values.name || !values['password-file'])
  fail('--email, --name and --password-file are required');

// The password comes from a file so it never shows in the process list or the shell history.
let password: string;
try {
  password = readFileSync(values['password-file'], 'utf8').replace(/\r?\n$/, '');
} catch (err) {
  fail(`cannot read the password file: ${(err as Error).message}`);
}

const config = loadConfig(
  baseEnvSchema.extend({ MONGODB_DATABASE: z.string().default('ccp_accounts') }).extend(accountsEnv.shape),
);
const logger = createLogger('accounts-cli', config.LOG_LEVEL);
const mongo = await connectMongo(config.MONGODB_URI, config.MONGODB_DATABASE, logger);
const kafka = createKafka('ccp-accounts-cli', config.KAFKA_BROKERS, logger);
let producer = kafka.producer();
try {
  producer = await createProducer(kafka);
} catch (err) {
  // The account matters more than the event's timing: the service's outbox sweep publishes it later.
  logger.warn({ err }, 'Kafka unreachable; the events stay in the outbox until the accounts service runs');
}

let exitCode = 0;
try {
  const deps = await createAccountsDeps({
    mongo,
    producer,
    validator: new EventValidator(),
    logger,
    accessTokenPrivateKeyPem:
      config.ACCESS_TOKEN_PRIVATE_KEY || config.ACCESS_TOKEN_PRIVATE_KEY_FILE
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
  });
  const { user, created, granted } = await createSecretariat(deps, {
    email: values.email,
    name: values.name,
    password,
    organization: values.organization,
    locale: values.locale,
  });
  await deps.relay.stop();
  deps.mailer.close();
  const what = created ? 'created' : granted ? 'granted the secretariat role to' : 'already present:';
  process.stdout.write(`${JSON.stringify({ userId: user.id, email: user.email, created, granted })}\n`);
  process.stderr.write(`secretariat account ${what} ${user.email} (${user.id})\n`);
} catch (err) {
  const extensions = (err as GraphQLError).extensions;
  process.stderr.write(
    `${(err as Error).message}${extensions?.field ? ` (field ${String(extensions.field)})` : ''}\n`,
  );
  exitCode = 1;
} finally {
  await producer.disconnect().catch(() => {});
  await mongo.close();
}
process.exit(exitCode);
