/** The verdict on one request. */
export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Takes one token from `key`'s bucket, or says how long until one is back. */
  take(key: string): RateDecision;
}

export interface RateLimiterOptions {
  /** Sustained requests per minute per key; also the burst size. */
  perMinute: number;
  /** Milliseconds (monotonic is best; tests pass a fake). */
  clock: () => number;
}

/**
 * A token bucket per key: `perMinute` tokens, refilled continuously at `perMinute / 60` per
 * second. A full bucket allows a burst of `perMinute` requests.
 *
 * @example
 * const limiter = createRateLimiter({ perMinute: 600, clock: () => performance.now() });
 * const d = limiter.take("shop");
 * if (!d.ok) res.setHeader("retry-after", String(d.retryAfterSeconds));
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { perMinute, clock } = options;
  if (!(Number.isFinite(perMinute) && perMinute > 0))
    throw new RangeError(`invalid rate limit: ${perMinute}`);
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const now = clock();
      const bucket = buckets.get(key) ?? { tokens: perMinute, at: now };
      bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
      bucket.at = now;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true, remaining: Math.floor(bucket.tokens) };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}
