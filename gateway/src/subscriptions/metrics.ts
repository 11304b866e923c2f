import { metricsRegistry } from '@ccp/kit';
import { Counter, Gauge } from 'prom-client';

const registers = [metricsRegistry];

export const subscriptionConnections = new Gauge({
  name: 'ccp_subscription_connections',
  help: 'Open subscription connections by transport',
  labelNames: ['transport'] as const,
  registers,
});

export const activeSubscriptions = new Gauge({
  name: 'ccp_subscriptions',
  help: 'Active subscriptions by field',
  labelNames: ['field'] as const,
  registers,
});

export const subscriptionDeliveries = new Counter({
  name: 'ccp_subscription_events_delivered_total',
  help: 'Events delivered to subscribers by field',
  labelNames: ['field'] as const,
  registers,
});

export const subscriptionExecutions = new Counter({
  name: 'ccp_subscription_executions_total',
  help: 'Queries run against the federated graph for subscription payloads (one per event and distinct selection when shared)',
  labelNames: ['field'] as const,
  registers,
});

export const subscriptionRefusals = new Counter({
  name: 'ccp_subscription_refusals_total',
  help: 'Subscriptions and connections refused or ended, by reason (limit names, SLOW_CONSUMER, CURSOR_EXPIRED…)',
  labelNames: ['reason'] as const,
  registers,
});
