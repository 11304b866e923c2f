import type { DeliveryOptions } from '../config.js';

/**
 * The delay before retry `n` (1 = after the first failure): base · 2^(n-1), capped, with ±20 % jitter so
 * receivers coming back are not hit by every delivery at once. With the defaults: 30 s, 1 m, 2 m, 4 m … 6 h.
 */
export function retryDelay(
  n: number,
  opts: Pick<DeliveryOptions, 'retryBaseMs' | 'retryMaxMs'>,
  random = Math.random,
): number {
  const raw = Math.min(opts.retryMaxMs, opts.retryBaseMs * 2 ** Math.min(n - 1, 40));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/** Retry-After as seconds or an HTTP date, in ms from now; null if absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
