import { z } from 'zod';

/** The registry's own environment, beside the kit's base one. */
export const registryEnv = z.object({
  /** A published profile not verified for longer than this many days is stale; its managers are reminded. */
  CLUSTER_STALE_AFTER_DAYS: z.coerce.number().int().positive().default(365),
  /** How often the registry looks for stale profiles to remind (the first look comes shortly after start). */
  CLUSTER_STALE_SWEEP_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(60 * 60 * 1000),
});

export type RegistryEnv = z.infer<typeof registryEnv>;
