import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Only for local runs and tests: production sets its own (runService warns otherwise). */
export const LOCAL_ERASURE_KEY = 'ccp-local-erasure-key-not-for-production';

/** Environment every service shares; each service extends it with its own fields. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MONGODB_URI: z.string().startsWith('mongodb').default('mongodb://127.0.0.1:27017/'),
  /** Connection pool size; unset: 1 on FerretDB (see docs/decisions.md), 20 on MongoDB. */
  MONGODB_MAX_POOL_SIZE: z.coerce.number().int().positive().optional(),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean)),
  /** PEM of the gateway's public key (or CALLER_PUBLIC_KEY_FILE): subgraphs trust callers it signed. */
  CALLER_PUBLIC_KEY: z.string().optional(),
  CALLER_PUBLIC_KEY_FILE: z.string().optional(),
  /** Consumer groups are `<prefix>-<service>`: a separate prefix gives a separate set of read models. */
  KAFKA_GROUP_PREFIX: z.string().regex(/^[A-Za-z0-9._-]+$/).default('ccp'),
  OUTBOX_SWEEP_MS: z.coerce.number().int().positive().default(5000),
  /** HMAC key of the email digest in erasure events; the same in every service (see kit/src/erasure.ts). */
  ERASURE_KEY: z.string().min(16, 'must be at least 16 characters').default(LOCAL_ERASURE_KEY),
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;

export class ConfigError extends Error {}

/** Validates the environment once at start; a bad value stops the service with every problem named. */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** Reads a PEM given inline or as a file path. */
export function readPem(inline: string | undefined, file: string | undefined, what: string): string {
  if (inline) return inline.replace(/\\n/g, '\n');
  if (file) return readFileSync(file, 'utf8');
  throw new ConfigError(`${what} is required (set it inline or as a _FILE path)`);
}
