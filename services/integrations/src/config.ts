import { z } from 'zod';

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Integrations' own environment, beside the kit's base one (docs/webhooks.md lists them). */
export const integrationsEnv = z.object({
  /** First retry delay; each further one doubles it (with jitter) up to WEBHOOK_RETRY_MAX_MS. */
  WEBHOOK_RETRY_BASE_MS: ms(30_000),
  WEBHOOK_RETRY_MAX_MS: ms(6 * 3600_000),
  /** How long after its first attempt a delivery is retried before it is dead-lettered. */
  WEBHOOK_RETRY_WINDOW_MS: ms(24 * 3600_000),
  WEBHOOK_TIMEOUT_MS: ms(10_000),
  /** Requests in flight per endpoint, and in all. */
  WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  WEBHOOK_GLOBAL_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(64),
  WEBHOOK_MAX_ENDPOINTS_PER_OWNER: z.coerce.number().int().min(1).default(20),
  /** How long a rotated-out secret keeps signing beside the new one. */
  WEBHOOK_SECRET_OVERLAP_MS: ms(24 * 3600_000),
});

export type IntegrationsEnv = z.infer<typeof integrationsEnv>;

export interface DeliveryOptions {
  retryBaseMs: number;
  retryMaxMs: number;
  retryWindowMs: number;
  timeoutMs: number;
  endpointConcurrency: number;
  globalConcurrency: number;
}

export interface IntegrationsOptions {
  delivery: DeliveryOptions;
  maxEndpointsPerOwner: number;
  secretOverlapMs: number;
  /** Production refuses http and loopback/private receivers. */
  production: boolean;
}

export function integrationsOptions(
  env: Partial<IntegrationsEnv> & { NODE_ENV?: string } = {},
): IntegrationsOptions {
  const e = { ...integrationsEnv.parse({}), ...env };
  return {
    delivery: {
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: e.WEBHOOK_RETRY_MAX_MS,
      retryWindowMs: e.WEBHOOK_RETRY_WINDOW_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      endpointConcurrency: e.WEBHOOK_ENDPOINT_CONCURRENCY,
      globalConcurrency: e.WEBHOOK_GLOBAL_CONCURRENCY,
    },
    maxEndpointsPerOwner: e.WEBHOOK_MAX_ENDPOINTS_PER_OWNER,
    secretOverlapMs: e.WEBHOOK_SECRET_OVERLAP_MS,
    production: env.NODE_ENV === 'production',
  };
}
