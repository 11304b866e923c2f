import { resolve } from 'node:path';
import { baseEnvSchema, loadConfig, readPem, schemasDir } from '@ccp/kit';
import { z } from 'zod';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './limits.js';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limit.js';
import { DEFAULT_SUBSCRIPTION_LIMITS, type SubscriptionSettings } from './subscriptions/settings.js';

const subgraphUrl = z.url({ protocol: /^https?$/ }).optional();
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true'));

/** The gateway's environment, validated once at start. */
export const gatewayEnvSchema = baseEnvSchema
  .pick({ NODE_ENV: true, HOST: true, LOG_LEVEL: true, KAFKA_BROKERS: true, KAFKA_GROUP_PREFIX: true })
  .extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** PEM (PKCS8) of the key the gateway signs caller tokens with (or CALLER_PRIVATE_KEY_FILE). */
  CALLER_PRIVATE_KEY: z.string().optional(),
  CALLER_PRIVATE_KEY_FILE: z.string().optional(),
  SUPERGRAPH_PATH: z
    .string()
    .optional()
    .transform((path) => (path ? resolve(path) : resolve(schemasDir(), 'supergraph.graphql'))),
  // Each overrides the URL composed into the supergraph (e.g. container host names in docker-compose).
  REGISTRY_URL: subgraphUrl,
  ECONOMIES_URL: subgraphUrl,
  MATCHMAKING_URL: subgraphUrl,
  SURVEYS_URL: subgraphUrl,
  ACCOUNTS_URL: subgraphUrl,
  INTEGRATIONS_URL: subgraphUrl,
  CORS_ORIGINS: z
    .string()
    .default('http://127.0.0.1:5173,http://localhost:5173')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /** Requests per minute per client (token bucket per gateway instance). */
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: positiveInt(DEFAULT_RATE_LIMITS.anonymousPerMinute),
  RATE_LIMIT_USER_PER_MINUTE: positiveInt(DEFAULT_RATE_LIMITS.userPerMinute),
  /** For API keys that carry no requestsPerMinute of their own. */
  RATE_LIMIT_API_KEY_PER_MINUTE: positiveInt(DEFAULT_RATE_LIMITS.apiKeyPerMinute),
  /** Reverse proxies in front of the gateway whose X-Forwarded-For is trusted for the client's address. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  QUERY_MAX_DEPTH: positiveInt(DEFAULT_QUERY_LIMITS.maxDepth),
  QUERY_MAX_COST: positiveInt(DEFAULT_QUERY_LIMITS.maxCost),
  QUERY_MAX_PAGE_SIZE: positiveInt(DEFAULT_QUERY_LIMITS.maxPageSize),
  QUERY_MAX_ALIASES: positiveInt(DEFAULT_QUERY_LIMITS.maxAliases),
  QUERY_DEFAULT_LIST_SIZE: positiveInt(DEFAULT_QUERY_LIMITS.defaultListSize),
  QUERY_MAX_TOKENS: positiveInt(DEFAULT_QUERY_LIMITS.maxTokens),
  /** Unset: introspection is on except in production (the SDL is published in schemas/). */
  GRAPHQL_INTROSPECTION: flag,
  /** Unset: the refresh cookie is Secure in production only. */
  COOKIE_SECURE: flag,
  /** Subscriptions (docs/subscriptions.md): the topics read are `<KAFKA_TOPIC_PREFIX>ccp.…`. */
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]*$/).default(''),
  SUBSCRIPTIONS_ENABLED: flag,
  SUBSCRIPTION_REPLAY_PER_PARTITION: positiveInt(DEFAULT_SUBSCRIPTION_LIMITS.replayPerPartition),
  SUBSCRIPTION_SHARED_EXECUTION: flag,
  SUBSCRIPTION_MAX_PER_CONNECTION: positiveInt(DEFAULT_SUBSCRIPTION_LIMITS.perConnection),
  SUBSCRIPTION_MAX_CONNECTIONS_PER_CLIENT: positiveInt(DEFAULT_SUBSCRIPTION_LIMITS.connectionsPerClient),
  SUBSCRIPTION_QUEUE_LIMIT: positiveInt(DEFAULT_SUBSCRIPTION_LIMITS.queue),
  SUBSCRIPTION_KEEPALIVE_MS: positiveInt(DEFAULT_SUBSCRIPTION_LIMITS.keepAliveMs),
  SUBSCRIPTION_START_WAIT_MS: positiveInt(DEFAULT_SUBSCRIPTION_LIMITS.startWaitMs),
  SUBSCRIPTION_RESTART_MS: positiveInt(DEFAULT_SUBSCRIPTION_LIMITS.restartMs),
  SUBSCRIPTION_CREDENTIAL_RECHECK_MS: positiveInt(DEFAULT_SUBSCRIPTION_LIMITS.credentialRecheckMs),
  API_KEY_CACHE_MS: positiveInt(60_000),
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

export interface GatewayConfig extends GatewayEnv {
  callerPrivateKeyPem: string;
  /** Subgraph name (lower-case, as composed) → URL that replaces the supergraph's. */
  subgraphUrls: Record<string, string>;
  production: boolean;
  introspection: boolean;
  secureCookies: boolean;
  queryLimits: QueryLimits;
  rateLimits: RateLimits;
  subscriptions: SubscriptionSettings;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = loadConfig(gatewayEnvSchema, env);
  const overrides: Record<string, string | undefined> = {
    registry: parsed.REGISTRY_URL,
    economies: parsed.ECONOMIES_URL,
    matchmaking: parsed.MATCHMAKING_URL,
    surveys: parsed.SURVEYS_URL,
    accounts: parsed.ACCOUNTS_URL,
    integrations: parsed.INTEGRATIONS_URL,
  };
  const production = parsed.NODE_ENV === 'production';
  return {
    ...parsed,
    production,
    introspection: parsed.GRAPHQL_INTROSPECTION ?? !production,
    secureCookies: parsed.COOKIE_SECURE ?? production,
    queryLimits: {
      ...DEFAULT_QUERY_LIMITS,
      maxDepth: parsed.QUERY_MAX_DEPTH,
      maxCost: parsed.QUERY_MAX_COST,
      maxPageSize: parsed.QUERY_MAX_PAGE_SIZE,
      maxAliases: parsed.QUERY_MAX_ALIASES,
      defaultListSize: parsed.QUERY_DEFAULT_LIST_SIZE,
      maxTokens: parsed.QUERY_MAX_TOKENS,
    },
    rateLimits: {
      anonymousPerMinute: parsed.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      userPerMinute: parsed.RATE_LIMIT_USER_PER_MINUTE,
      apiKeyPerMinute: parsed.RATE_LIMIT_API_KEY_PER_MINUTE,
    },
    subscriptions: {
      enabled: parsed.SUBSCRIPTIONS_ENABLED ?? true,
      topicPrefix: parsed.KAFKA_TOPIC_PREFIX,
      sharedExecution: parsed.SUBSCRIPTION_SHARED_EXECUTION ?? true,
      replayPerPartition: parsed.SUBSCRIPTION_REPLAY_PER_PARTITION,
      perConnection: parsed.SUBSCRIPTION_MAX_PER_CONNECTION,
      connectionsPerClient: parsed.SUBSCRIPTION_MAX_CONNECTIONS_PER_CLIENT,
      queue: parsed.SUBSCRIPTION_QUEUE_LIMIT,
      keepAliveMs: parsed.SUBSCRIPTION_KEEPALIVE_MS,
      startWaitMs: parsed.SUBSCRIPTION_START_WAIT_MS,
      restartMs: parsed.SUBSCRIPTION_RESTART_MS,
      credentialRecheckMs: parsed.SUBSCRIPTION_CREDENTIAL_RECHECK_MS,
    },
    callerPrivateKeyPem: readPem(
      parsed.CALLER_PRIVATE_KEY,
      parsed.CALLER_PRIVATE_KEY_FILE,
      'CALLER_PRIVATE_KEY',
    ),
    subgraphUrls: Object.fromEntries(
      Object.entries(overrides).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
  };
}
