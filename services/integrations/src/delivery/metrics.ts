import { metricsRegistry } from '@ccp/kit';
import { Counter, Gauge, Histogram } from 'prom-client';

export const webhookAttempts = new Counter({
  name: 'ccp_webhook_attempts_total',
  help: 'Webhook delivery attempts by outcome (delivered, retry, dead, gone)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export const webhookQueueDepth = new Gauge({
  name: 'ccp_webhook_queue_depth',
  help: 'Deliveries waiting for an attempt (scheduled, due or in flight)',
  registers: [metricsRegistry],
});

export const webhookAttemptDuration = new Histogram({
  name: 'ccp_webhook_attempt_duration_seconds',
  help: 'Duration of one webhook request until the answer or the timeout',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const webhookLatency = new Histogram({
  name: 'ccp_webhook_event_to_delivery_seconds',
  help: 'From the event time to the receiver answering 2xx',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 30, 300, 3600, 86400],
  registers: [metricsRegistry],
});
