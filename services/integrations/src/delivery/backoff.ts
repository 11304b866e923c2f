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

/**
 * When to try again after `failures` failed attempts of a retry window that began at `windowStart`, or null once
 * the window is over (the delivery is dead-lettered). A delay that would pass the window's end is cut to it, so
 * the last attempt falls at the end: a receiver is tried for the whole window (24 h by default).
 */
export function nextAttemptAt(
  failures: number,
  windowStart: Date,
  retryAfter: number | null,
  opts: Pick<DeliveryOptions, 'retryBaseMs' | 'retryMaxMs' | 'retryWindowMs'>,
  now = Date.now(),
  random = Math.random,
): Date | null {
  const end = windowStart.getTime() + opts.retryWindowMs;
  if (now >= end) return null;
  const delay = Math.max(retryDelay(failures, opts, random), retryAfter ?? 0);
  return new Date(Math.min(now + delay, end));
}
