import { z } from 'zod';

/** Economies' own environment, beside the kit's base one. */
export const economiesEnv = z.object({
  /** Where the web client is: the news feed's links point there. */
  PUBLIC_URL: z
    .string()
    .url()
    .default('http://127.0.0.1:5173')
    .transform((u) => u.replace(/\/+$/, '')),
});

export type EconomiesEnv = z.infer<typeof economiesEnv>;
