/** The subscription service's settings (gateway/src/config.ts reads them from the environment). */
export interface SubscriptionSettings {
  enabled: boolean;
  /** KAFKA_TOPIC_PREFIX: the topics read are `<prefix>ccp.registry.cluster.v1` and so on. */
  topicPrefix: string;
  /** One federated execution per event and distinct selection (false: one per subscriber, the baseline). */
  sharedExecution: boolean;
  /** Events kept per partition for replay; a restarted gateway prefills them from Kafka. */
  replayPerPartition: number;
  /** Subscriptions one connection may hold at once. */
  perConnection: number;
  /** Open connections per API key, per user, or per address for anonymous clients. */
  connectionsPerClient: number;
  /** Events one subscriber may have waiting; past it the subscription ends with SLOW_CONSUMER. */
  queue: number;
  /** graphql-ws ping interval; a socket that does not answer within it is dropped. */
  keepAliveMs: number;
  /** How long a subscription made while the hub is starting waits for it before SERVICE_UNAVAILABLE. */
  startWaitMs: number;
  /** Pause before the hub starts again after a failed start or a consumer crash. */
  restartMs: number;
  /** How often an open connection's API key is checked again: a revoked key's subscriptions end. */
  credentialRecheckMs: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS = {
  replayPerPartition: 5000,
  perConnection: 20,
  connectionsPerClient: 100,
  queue: 1000,
  keepAliveMs: 12_000,
  startWaitMs: 15_000,
  restartMs: 5000,
  credentialRecheckMs: 60_000,
} as const;
