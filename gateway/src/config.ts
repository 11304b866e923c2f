import { resolve } from 'node:path';
import { baseEnvSchema, loadConfig, readPem, schemasDir } from '@ccp/kit';
import { z } from 'zod';

const subgraphUrl = z.url({ protocol: /^https?$/ }).optional();

/** The gateway's environment, validated once at start. */
export const gatewayEnvSchema = baseEnvSchema.pick({ NODE_ENV: true, HOST: true, LOG_LEVEL: true }).extend({
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
  CORS_ORIGINS: z
    .string()
    .default('http://127.0.0.1:5173,http://localhost:5173')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

export interface GatewayConfig extends GatewayEnv {
  callerPrivateKeyPem: string;
  /** Subgraph name (lower-case, as composed) → URL that replaces the supergraph's. */
  subgraphUrls: Record<string, string>;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = loadConfig(gatewayEnvSchema, env);
  const overrides: Record<string, string | undefined> = {
    registry: parsed.REGISTRY_URL,
    economies: parsed.ECONOMIES_URL,
    matchmaking: parsed.MATCHMAKING_URL,
    surveys: parsed.SURVEYS_URL,
    accounts: parsed.ACCOUNTS_URL,
  };
  return {
    ...parsed,
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
