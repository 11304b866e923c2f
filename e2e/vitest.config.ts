import { defineConfig } from 'vitest/config';

// End-to-end: the built services and gateway as real processes on a real Kafka broker and FerretDB.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    env: { KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX ?? 'test.' },
  },
});
