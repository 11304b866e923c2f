import { runService } from '@ccp/kit';
import { createServer } from './server.js';

await runService({
  name: 'accounts',
  defaultPort: 4005,
  build: ({ mongo, producer, validator, logger, config }) =>
    createServer({ mongo, producer, validator, logger, sweepIntervalMs: config.OUTBOX_SWEEP_MS }),
});
