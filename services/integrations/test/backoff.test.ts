import { describe, expect, it } from 'vitest';
import { integrationsOptions } from '../src/config.js';
import { retryAfterMs, retryDelay } from '../src/delivery/backoff.js';

const { delivery } = integrationsOptions();
const noJitter = () => 0.5;

describe('retry schedule', () => {
  it('doubles from 30 s up to 6 h, with ±20 % jitter', () => {
    const delays = [1, 2, 3, 10, 11, 30].map((n) => retryDelay(n, delivery, noJitter));
    expect(delays).toEqual([30_000, 60_000, 120_000, 256 * 60_000, 6 * 3600_000, 6 * 3600_000]);
    expect(retryDelay(1, delivery, () => 0)).toBe(24_000);
    expect(retryDelay(1, delivery, () => 0.999_999)).toBeLessThanOrEqual(36_000);
  });

  it('retries for 24 hours with the defaults: 13 attempts, then dead', () => {
    let elapsed = 0;
    let attempts = 1;
    for (;;) {
      const next = elapsed + retryDelay(attempts, delivery, noJitter);
      if (next > delivery.retryWindowMs) break;
      elapsed = next;
      attempts++;
    }
    expect(attempts).toBe(13);
    expect(elapsed).toBeGreaterThan(20 * 3600_000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs(new Date(Date.now() + 60_000).toUTCString())).toBeGreaterThan(55_000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});
