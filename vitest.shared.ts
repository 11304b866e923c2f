import { defineConfig } from 'vitest/config';

// Component tests share one FerretDB and one Kafka broker: run files one after another.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // Tests publish to their own topics, never to those a running platform reads.
    env: { KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX ?? 'test.' },
  },
});
