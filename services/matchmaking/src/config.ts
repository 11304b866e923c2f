import { z } from 'zod';

/** Matchmaking's own environment, beside the kit's base one. */
export const matchmakingEnv = z.object({
  /** Days a pending match request waits for an answer before it expires (fractions allowed, e.g. 0.5). */
  MATCH_REQUEST_EXPIRY_DAYS: z.coerce.number().positive().max(3650).default(14),
});

export type MatchmakingEnv = z.infer<typeof matchmakingEnv>;
