import type { IncomingMessage } from 'node:http';
import { ANONYMOUS } from '@ccp/kit';
import { describe, expect, it } from 'vitest';
import { clientAddress, DEFAULT_RATE_LIMITS, rateBucketFor, TokenBucketLimiter } from '../src/rate-limit.js';
import { TtlCache } from '../src/ttl-cache.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TokenBucketLimiter', () => {
  it("When a client spends its minute's allowance, then the next request is refused with the wait until a token refills", () => {
    const time = clock();
    const limiter = new TokenBucketLimiter(100, time.now);

    const allowed = Array.from({ length: 60 }, () => limiter.take('ip:a', 60).allowed);
    const refused = limiter.take('ip:a', 60);

    expect(allowed.every(Boolean)).toBe(true);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('When the wait has passed, then the client is allowed again, and other clients were never affected', () => {
    const time = clock();
    const limiter = new TokenBucketLimiter(100, time.now);
    for (let i = 0; i < 6; i++) limiter.take('user:u1', 6);

    expect(limiter.take('user:u1', 6)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.take('user:u2', 6).allowed).toBe(true);
    time.advance(10_000);
    expect(limiter.take('user:u1', 6).allowed).toBe(true);
    expect(limiter.take('user:u1', 6).allowed).toBe(false);
  });

  it('When peeking, then no token is taken and an unknown client is not stored', () => {
    const limiter = new TokenBucketLimiter(100, clock().now);
    limiter.take('ip:a', 1);

    expect(limiter.peek('ip:a', 1).allowed).toBe(false);
    expect(limiter.peek('ip:b', 1).allowed).toBe(true);
    expect(limiter.peek('ip:b', 1).allowed).toBe(true);
    expect(limiter.size).toBe(1);
  });

  it('When buckets sit idle for a minute, then they are evicted (they would be full again anyway)', () => {
    const time = clock();
    const limiter = new TokenBucketLimiter(100, time.now);
    for (let i = 0; i < 10; i++) limiter.take(`ip:${i}`, 60);
    time.advance(30_000);
    limiter.take('ip:recent', 60);
    time.advance(30_000);

    limiter.take('ip:new', 60);

    expect(limiter.size).toBe(2);
  });

  it('When more clients than the bound are active, then the least recently seen bucket is dropped', () => {
    const limiter = new TokenBucketLimiter(3, clock().now);
    for (const key of ['a', 'b', 'c']) limiter.take(key, 1);
    limiter.take('a', 1);

    limiter.take('d', 1);

    expect(limiter.size).toBe(3);
    expect(limiter.peek('b', 1).allowed).toBe(true);
    expect(limiter.peek('a', 1).allowed).toBe(false);
  });
});

describe('rateBucketFor', () => {
  it('When anonymous, a user or an API client calls, then each draws from its own bucket at its own rate', () => {
    expect(rateBucketFor(ANONYMOUS, '10.0.0.1', DEFAULT_RATE_LIMITS)).toEqual({
      key: 'ip:10.0.0.1',
      perMinute: 60,
    });
    expect(
      rateBucketFor({ subject: 'u1', kind: 'user', grants: [] }, '10.0.0.1', DEFAULT_RATE_LIMITS),
    ).toEqual({
      key: 'user:u1',
      perMinute: 300,
    });
    const client = { subject: 'k1', kind: 'api-client' as const, grants: [] };
    expect(
      rateBucketFor({ ...client, limits: { requestsPerMinute: 1200 } }, 'x', DEFAULT_RATE_LIMITS),
    ).toEqual({
      key: 'api:k1',
      perMinute: 1200,
    });
    expect(rateBucketFor(client, 'x', DEFAULT_RATE_LIMITS).perMinute).toBe(300);
  });
});

describe('clientAddress', () => {
  const request = (forwardedFor?: string) =>
    ({
      socket: { remoteAddress: '10.0.0.9' },
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    }) as unknown as IncomingMessage;

  it('When no proxy is trusted, then X-Forwarded-For is ignored (a client could forge it)', () => {
    expect(clientAddress(request('1.2.3.4'), 0)).toBe('10.0.0.9');
  });

  it('When one proxy is trusted, then the address it saw (the last entry) is the client', () => {
    expect(clientAddress(request('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request(), 1)).toBe('10.0.0.9');
  });
});

describe('TtlCache', () => {
  it('When an entry outlives its time to live, then it is gone', () => {
    const time = clock();
    const cache = new TtlCache<string>(10, time.now);
    cache.set('k', 'v', 1000);

    expect(cache.get('k')).toBe('v');
    time.advance(1000);
    expect(cache.get('k')).toBeUndefined();
  });

  it('When the cache is full, then the least recently used entry is evicted', () => {
    const cache = new TtlCache<number>(2, clock().now);
    cache.set('a', 1, 60_000);
    cache.set('b', 2, 60_000);
    cache.get('a');

    cache.set('c', 3, 60_000);

    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
  });
});
