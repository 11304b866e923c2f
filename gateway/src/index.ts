import { createLogger, listen } from '@ccp/kit';
import { loadGatewayConfig } from './config.js';
import { createGateway } from './server.js';

const config = loadGatewayConfig();
const logger = createLogger('gateway', config.LOG_LEVEL);
const gateway = await createGateway(config, { logger });
const server = await listen(gateway.handler, config.PORT, config.HOST);
server.on('upgrade', gateway.upgrade);
const address = server.address();
const port = typeof address === 'object' && address ? address.port : config.PORT;
logger.info(
  { url: `http://${config.HOST}:${port}/graphql`, subgraphs: gateway.subgraphs },
  'gateway listening',
);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive sockets would hold close() open; in-flight requests still finish. gateway.stop()
    // closes subscription sockets with 1001 and drops SSE streams, so their clients resume elsewhere.
    server.closeIdleConnections();
    Promise.all([closed, gateway.stop()]).then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
