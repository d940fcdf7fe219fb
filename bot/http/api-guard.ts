import type { Counter } from "prom-client";
import type { ApiKey } from "../server-config.ts";
import { createApiKeyAuth } from "./api-key-auth.ts";
import { HttpError } from "./http-error.ts";
import { createRateLimiter } from "./rate-limiter.ts";
import type { RouteContext } from "./route.ts";

/** Bearer key, then the key's rate limit: what every /v1 request passes first. */
export interface ApiGuard {
  /** The caller's key name (also set as the audit actor); throws 401 or 429. */
  check(ctx: RouteContext): string;
}

export interface ApiGuardOptions {
  keys: readonly ApiKey[];
  perMinute: number;
  /** Milliseconds (the rate limiter's clock). */
  clock: () => number;
  rateLimited: Counter<"key">;
}

/**
 * @example
 * const guard = createApiGuard({ keys, perMinute: 600, clock: Date.now, rateLimited: metrics.rateLimited });
 * const keyName = guard.check(ctx);
 */
export function createApiGuard(options: ApiGuardOptions): ApiGuard {
  const auth = createApiKeyAuth(options.keys);
  const limiter = createRateLimiter({ perMinute: options.perMinute, clock: options.clock });
  return {
    check(ctx) {
      const name = auth.authenticate(ctx.req.headers.authorization);
      ctx.audit({ actor: `api:${name}` });
      const decision = limiter.take(name);
      if (!decision.ok) {
        options.rateLimited.inc({ key: name });
        throw new HttpError(
          429,
          "rate-limited",
          `rate limit of ${options.perMinute} requests per minute reached for key ${name}: retry after ${decision.retryAfterSeconds} s`,
          { headers: { "retry-after": String(decision.retryAfterSeconds) } },
        );
      }
      return name;
    },
  };
}
