import { describe, expect, it } from 'vitest';
import { integrationsOptions } from '../src/config.js';
import { nextAttemptAt, retryAfterMs, retryDelay } from '../src/delivery/backoff.js';

const { delivery } = integrationsOptions();
const noJitter = () => 0.5;

describe('retry schedule', () => {
  it('doubles from 30 s up to 6 h, with ±20 % jitter', () => {
    const delays = [1, 2, 3, 10, 11, 30].map((n) => retryDelay(n, delivery, noJitter));
    expect(delays).toEqual([30_000, 60_000, 120_000, 256 * 60_000, 6 * 3600_000, 6 * 3600_000]);
    expect(retryDelay(1, delivery, () => 0)).toBe(24_000);
    expect(retryDelay(1, delivery, () => 0.999_999)).toBeLessThanOrEqual(36_000);
  });

  it('retries for the whole 24 hours with the defaults: 13 regular attempts and a last one at the end, then dead', () => {
    const start = new Date('2026-12-06T00:00:00Z');
    const at = [start.getTime()];
    for (;;) {
      const next = nextAttemptAt(at.length, start, null, delivery, at.at(-1), noJitter);
      if (!next) break;
      at.push(next.getTime());
    }
    const hours = at.map((t) => (t - start.getTime()) / 3600_000);
    expect(at).toHaveLength(14);
    expect(hours[12]).toBeCloseTo(20.5, 1); // 30 s, 1 m, 2 m … then 6 h apart
    expect(hours[13]).toBe(24); // the last attempt at the window's end, not 3.5 h before it
    expect(nextAttemptAt(14, start, null, delivery, start.getTime() + 24 * 3600_000, noJitter)).toBeNull();
  });

  it('cuts a long Retry-After to the window’s end, and honours a shorter one over the back-off', () => {
    const start = new Date('2026-12-06T00:00:00Z');
    const now = start.getTime() + 23 * 3600_000;
    expect(nextAttemptAt(12, start, 5 * 3600_000, delivery, now, noJitter)?.getTime()).toBe(
      start.getTime() + 24 * 3600_000,
    );
    const early = start.getTime() + 1000;
    expect(nextAttemptAt(1, start, 120_000, delivery, early, noJitter)?.getTime()).toBe(early + 120_000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs(new Date(Date.now() + 60_000).toUTCString())).toBeGreaterThan(55_000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});
