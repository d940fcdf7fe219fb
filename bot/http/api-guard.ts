import type { Counter } from "prom-client";
import type { ApiKey } from "../server-config.ts";
import { createApiKeyAuth } from "./api-key-auth.ts";
import { createClientAddress } from "./client-address.ts";
import { HttpError } from "./http-error.ts";
import { memoryRateLimiters, type RateLimiterFactory } from "./rate-limiter.ts";
import type { RouteContext } from "./route.ts";

/** Bearer key, then the key's rate limit: what every /v1 request passes first. */
export interface ApiGuard {
  /** The caller's key name (also set as the audit actor); throws 401 or 429. */
  check(ctx: RouteContext): Promise<string>;
}

/** Wrong API keys one client address may present per minute (bursts up to this many). */
export const DEFAULT_FAILED_KEYS_PER_MINUTE = 20;
/** The `key` label of the rate-limited counter for addresses refused after too many wrong keys. */
export const FAILED_KEY_LABEL = "(failed key)";

export interface ApiGuardOptions {
  keys: readonly ApiKey[];
  perMinute: number;
  /** Wrong keys per minute per client address (default 20). */
  failedKeysPerMinute?: number;
  /**
   * `ENGAGETRACK_TRUSTED_PROXIES`: from these peers, the client address is the one their
   * X-Forwarded-For names (default none: always the socket peer).
   */
  trustedProxies?: readonly string[];
  /** Milliseconds (the rate limiter's clock). */
  clock: () => number;
  rateLimited: Counter<"key">;
  /** Where the buckets live: the shared store in the server (default: this process, for tests). */
  limiters?: RateLimiterFactory;
}

/**
 * Guards the /v1 API:
 * - wrong keys are counted per client address (client-address.ts) — the socket peer's, or, when
 *   that peer is one of `trustedProxies` (the Gateway), the client their X-Forwarded-For names;
 *   never a header a direct caller chose; IPv6 by its /64, which one client gets whole — in a
 *   token bucket of `failedKeysPerMinute`.
 *   Once it is empty, every request from that address gets 429 with `Retry-After` until a token is
 *   back, the right key too: otherwise 200 against 429 would still tell a guesser at full speed
 *   which guess was right. Other addresses are unaffected. A missing header is not a guess and is
 *   not counted;
 * - then the key's own rate limit, `perMinute`.
 * Refusals are audited by the request handler (outcome "denied", code `too-many-failed-keys` or
 * `rate-limited`) and counted in `engagetrack_api_rate_limited_total` (key "(failed key)" or the
 * key's name).
 *
 * @example
 * const guard = createApiGuard({ keys, perMinute: 600, clock: Date.now, rateLimited: metrics.rateLimited });
 * const keyName = await guard.check(ctx);
 */
export function createApiGuard(options: ApiGuardOptions): ApiGuard {
  const auth = createApiKeyAuth(options.keys);
  const limiters = options.limiters ?? memoryRateLimiters(options.clock);
  const limiter = limiters("api", options.perMinute);
  const failedPerMinute = options.failedKeysPerMinute ?? DEFAULT_FAILED_KEYS_PER_MINUTE;
  const failures = limiters("api-failed-key", failedPerMinute);
  const clientAddress = createClientAddress(options.trustedProxies ?? []);
  // The verdict of an empty bucket, remembered until a token is back (so locked-out requests need
  // no bucket look-up, and the limiter is asked once per wrong key only).
  const lockedUntil = new Map<string, number>();

  const refuse = (retryAfterSeconds: number): HttpError => {
    options.rateLimited.inc({ key: FAILED_KEY_LABEL });
    return new HttpError(
      "too-many-failed-keys",
      `more than ${failedPerMinute} wrong API keys per minute from your address: retry after ${retryAfterSeconds} s`,
      { headers: { "retry-after": String(retryAfterSeconds) } },
    );
  };

  return {
    async check(ctx) {
      const address = clientAddress(ctx.req);
      const until = lockedUntil.get(address);
      if (until !== undefined) {
        const left = until - options.clock();
        if (left > 0) throw refuse(Math.ceil(left / 1000));
        lockedUntil.delete(address);
      }
      let name: string;
      try {
        name = auth.authenticate(ctx.req.headers.authorization);
      } catch (err) {
        if (err instanceof HttpError && err.code === "bad-api-key") {
          const failed = await failures.take(address);
          if (!failed.ok) {
            forgetExpired(lockedUntil, options.clock());
            lockedUntil.set(address, options.clock() + failed.retryAfterSeconds * 1000);
            throw refuse(failed.retryAfterSeconds);
          }
        }
        throw err;
      }
      ctx.audit({ actor: `api:${name}` });
      const decision = await limiter.take(name);
      if (!decision.ok) {
        options.rateLimited.inc({ key: name });
        throw new HttpError(
          "rate-limited",
          `rate limit of ${options.perMinute} requests per minute reached for key ${name}: retry after ${decision.retryAfterSeconds} s`,
          { headers: { "retry-after": String(decision.retryAfterSeconds) } },
        );
      }
      return name;
    },
  };
}

/** Drops lock-outs that are over, once there are many (addresses come and go). */
function forgetExpired(lockedUntil: Map<string, number>, now: number): void {
  if (lockedUntil.size < 1024) return;
  for (const [address, until] of lockedUntil) if (until <= now) lockedUntil.delete(address);
}
