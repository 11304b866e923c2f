import { connect, Socket } from 'node:net';
import { TEST_KAFKA_BROKERS } from '@ccp/kit/testing';
import { Kafka, logLevel } from 'kafkajs';

/**
 * A kafkajs client to the real broker whose network the test controls, through kafkajs' own socketFactory:
 * `cut()` drops every open connection and refuses new ones (as a broker outage looks to the client), `slow(ms)`
 * delays every new connection, `heal()` restores the network. Short retries, so a fault surfaces in about a second.
 */
export function faultyKafka() {
  const open = new Set<Socket>();
  let refusing = false;
  let delayMs = 0;
  const kafka = new Kafka({
    clientId: 'gateway-faults',
    brokers: TEST_KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 10_000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
    socketFactory: ({ host, port, onConnect }) => {
      if (refusing) return connect({ host: '127.0.0.1', port: 1 }, onConnect);
      const socket = new Socket();
      open.add(socket);
      socket.once('close', () => open.delete(socket));
      setTimeout(() => socket.connect({ host, port }, onConnect), delayMs);
      return socket;
    },
  });
  return {
    kafka,
    cut() {
      refusing = true;
      // With an error, as a reset connection surfaces (a plain destroy() goes unnoticed until a request times out).
      for (const socket of open) socket.destroy(new Error('connection reset (network cut by the test)'));
    },
    slow(ms: number) {
      delayMs = ms;
    },
    heal() {
      refusing = false;
      delayMs = 0;
    },
  };
}
