import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per process; `/metrics` serves it in the Prometheus text format. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const httpRequestDuration = new Histogram({
  name: 'ccp_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const eventsConsumed = new Counter({
  name: 'ccp_events_consumed_total',
  help: 'Events consumed by group, type and result (applied, skipped, deadlettered)',
  labelNames: ['group', 'type', 'result'] as const,
  registers: [metricsRegistry],
});

export const outboxPublished = new Counter({
  name: 'ccp_outbox_events_published_total',
  help: 'Events the outbox relay published to Kafka',
  registers: [metricsRegistry],
});

export const mongoCommands = new Counter({
  name: 'ccp_mongo_commands_total',
  help: 'Database commands sent (round trips), by command name',
  labelNames: ['command'],
  registers: [metricsRegistry],
});
