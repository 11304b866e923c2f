import { runService } from '@ccp/kit';
import { createServer } from './server.js';

await runService({
  name: 'economies',
  defaultPort: 4002,
  build: ({ mongo, kafka, producer, validator, logger }) => createServer({ mongo, kafka, producer, validator, logger }),
});
