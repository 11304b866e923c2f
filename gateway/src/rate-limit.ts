import type { IncomingMessage } from 'node:http';
import type { Caller } from '@ccp/kit';

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one more request is allowed (0 when allowed). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  perMinute: number;
  updatedAt: number;
}

const MINUTE_MS = 60_000;

/**
 * Token buckets per client, in this gateway instance's memory: a client may burst up to a minute's
 * allowance, refilled continuously. The map is kept in least-recently-used order, so buckets idle long
 * enough to be full again (one minute) are dropped from its front, and the oldest go first when it is full.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly maxBuckets = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token from the client's bucket if it has one. */
  take(key: string, perMinute: number): RateDecision {
    return this.decide(key, perMinute, true);
  }

  /** Whether the client has a token left, without taking it. */
  peek(key: string, perMinute: number): RateDecision {
    return this.decide(key, perMinute, false);
  }

  private decide(key: string, perMinute: number, consume: boolean): RateDecision {
    const now = this.now();
    this.evictIdle(now);
    if (!(perMinute > 0)) return { allowed: false, retryAfterSeconds: 60 };
    const bucket = this.refilled(key, perMinute, now);
    const allowed = bucket.tokens >= 1;
    if (allowed && consume) bucket.tokens -= 1;
    if (consume || this.buckets.has(key)) {
      this.buckets.delete(key);
      this.buckets.set(key, bucket);
      if (this.buckets.size > this.maxBuckets) this.dropOldest();
    }
    if (allowed) return { allowed, retryAfterSeconds: 0 };
    const msPerToken = MINUTE_MS / perMinute;
    return { allowed, retryAfterSeconds: Math.max(1, Math.ceil(((1 - bucket.tokens) * msPerToken) / 1000)) };
  }

  private refilled(key: string, perMinute: number, now: number): Bucket {
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: perMinute, perMinute, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt);
    // A changed allowance (an API key's new limit) applies from now on, never above its capacity.
    bucket.tokens = Math.min(perMinute, bucket.tokens + (elapsed * perMinute) / MINUTE_MS);
    bucket.perMinute = perMinute;
    bucket.updatedAt = now;
    return bucket;
  }

  private evictIdle(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt < MINUTE_MS) return;
      this.buckets.delete(key);
    }
  }

  private dropOldest(): void {
    const oldest = this.buckets.keys().next();
    if (!oldest.done) this.buckets.delete(oldest.value);
  }
}

export interface RateLimits {
  anonymousPerMinute: number;
  userPerMinute: number;
  /** For API keys that carry no `requestsPerMinute` of their own. */
  apiKeyPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  anonymousPerMinute: 60,
  userPerMinute: 300,
  apiKeyPerMinute: 300,
};

/** Whose bucket a request draws from, and its size. */
export function rateBucketFor(caller: Caller, clientIp: string, limits: RateLimits) {
  if (caller.kind === 'user') return { key: `user:${caller.subject}`, perMinute: limits.userPerMinute };
  if (caller.kind === 'api-client') {
    return {
      key: `api:${caller.subject}`,
      perMinute: caller.limits?.requestsPerMinute ?? limits.apiKeyPerMinute,
    };
  }
  return { key: `ip:${clientIp}`, perMinute: limits.anonymousPerMinute };
}

/**
 * The client's address: the socket's, or behind `trustedProxyHops` reverse proxies the address the
 * outermost trusted one saw (counting from the right of X-Forwarded-For, which clients can prepend to).
 */
export function clientAddress(req: IncomingMessage, trustedProxyHops: number): string {
  const socketAddress = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxyHops <= 0) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return hops[hops.length - trustedProxyHops] ?? hops[0] ?? socketAddress;
}
