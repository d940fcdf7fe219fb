import type { RateDecision, Store } from "../../core/src/store/index.ts";

export type { RateDecision };

export interface RateLimiter {
  /** Takes one token from `key`'s bucket, or says how long until one is back. */
  take(key: string): RateDecision | Promise<RateDecision>;
}

/** A process-local bucket per key. */
export interface MemoryRateLimiter extends RateLimiter {
  take(key: string): RateDecision;
}

/** Makes the limiter of one kind of request (`scope`: "api", "notebook", "failed-key", …). */
export type RateLimiterFactory = (scope: string, perMinute: number) => RateLimiter;

/**
 * Limiters whose buckets live in the shared store: every replica takes from the same bucket, so a
 * limit of N per minute is N for the whole Deployment, not N per replica.
 *
 * @example
 * const limiters = storeRateLimiters(services.store, services.clock);
 * const api = limiters("api", 600);
 * const d = await api.take("shop");
 */
export function storeRateLimiters(store: Store, clock: () => number): RateLimiterFactory {
  return (scope, perMinute) => {
    if (!(Number.isFinite(perMinute) && perMinute > 0))
      throw new RangeError(`invalid rate limit: ${perMinute}`);
    return { take: (key) => store.takeToken(scope, key, perMinute, clock()) };
  };
}

/** Limiters of one process (tests, tools): see {@link createRateLimiter}. */
export function memoryRateLimiters(clock: () => number): RateLimiterFactory {
  return (_scope, perMinute) => createRateLimiter({ perMinute, clock });
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
export function createRateLimiter(options: RateLimiterOptions): MemoryRateLimiter {
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
