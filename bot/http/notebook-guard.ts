import { createHash } from "node:crypto";
import type { Counter } from "prom-client";
import type { NotebookAccess } from "../server-config.ts";
import type { ApiGuard } from "./api-guard.ts";
import { HttpError } from "./http-error.ts";
import { createRateLimiter } from "./rate-limiter.ts";
import type { RouteContext } from "./route.ts";

export interface NotebookGuardOptions {
  access: NotebookAccess;
  /** Lookups per minute per user (proxy mode) or for the local machine (loopback mode). */
  perMinute: number;
  /** Milliseconds (the rate limiter's clock). */
  clock: () => number;
  rateLimited: Counter<"key">;
}

/** Headers a forwarding proxy adds: their presence means the request did not start on this machine. */
const FORWARDED = ["forwarded", "x-forwarded-for", "x-real-ip"] as const;

/**
 * The notebooks site's customer lookup guard (`/notebooks/api/customers/:id`). A static page cannot
 * hold an API key, so this route trusts where the request comes from instead, by policy:
 * - `loopback`: only a browser on this machine (peer 127.0.0.0/8 or ::1, no forwarding headers);
 * - `proxy`: an authenticating proxy (oauth2-proxy behind the ingress) names the signed-in user in
 *   `userHeader`; the NetworkPolicy must only let the ingress reach the pods;
 * - `off`: refused (the page shows its bundled customers only).
 * The actor recorded in the audit event is "notebook:local" or "notebook:<pseudonym of the user>".
 *
 * @example
 * const guard = createNotebookGuard({ access: { mode: "loopback", userHeader: "x-auth-request-email" }, perMinute: 600, clock: Date.now, rateLimited });
 * guard.check(ctx); // "local", or throws 403
 */
export function createNotebookGuard(options: NotebookGuardOptions): ApiGuard {
  const { mode, userHeader } = options.access;
  const limiter = createRateLimiter({ perMinute: options.perMinute, clock: options.clock });
  const identify = (ctx: RouteContext): string => {
    if (mode === "off")
      throw new HttpError(
        403,
        "notebook-lookup-off",
        "customer lookup from the notebooks is turned off on this server (ENGAGETRACK_NOTEBOOK_ACCESS=off)",
      );
    if (mode === "loopback") {
      const peer = ctx.req.socket.remoteAddress ?? "";
      const forwarded = FORWARDED.some((h) => ctx.req.headers[h] !== undefined);
      if (!isLoopback(peer) || forwarded)
        throw new HttpError(
          403,
          "notebook-lookup-not-local",
          "customer lookup from the notebooks only answers browsers on the server's own machine; behind a signing-in proxy set ENGAGETRACK_NOTEBOOK_ACCESS=proxy",
        );
      return "local";
    }
    const raw = ctx.req.headers[userHeader];
    const user = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";
    // Printable, no spaces: header values are Latin-1 text; anything else is not a user name.
    if (!/^[\x21-\x7e\u00a0-\u00ff]{1,200}$/.test(user))
      throw new HttpError(
        401,
        "notebook-user-missing",
        "sign in through the notebooks' proxy to look customers up (no signed-in user on the request)",
      );
    return user;
  };
  return {
    check(ctx) {
      ctx.audit({ surface: "notebook", actor: "notebook:anonymous" });
      const user = identify(ctx);
      // Audit logs carry no e-mail addresses: a proxy's user becomes a stable pseudonym (the first
      // 16 hex digits of its SHA-256), which an auditor can recompute from a known address.
      ctx.audit({ actor: user === "local" ? "notebook:local" : `notebook:${pseudonym(user)}` });
      const decision = limiter.take(user);
      if (!decision.ok) {
        options.rateLimited.inc({ key: "notebook" });
        throw new HttpError(
          429,
          "rate-limited",
          `rate limit of ${options.perMinute} lookups per minute reached: retry after ${decision.retryAfterSeconds} s`,
          { headers: { "retry-after": String(decision.retryAfterSeconds) } },
        );
      }
      return user;
    },
  };
}

/** "u-" + the first 16 hex digits of SHA-256 of the lower-cased user name. */
export function pseudonym(user: string): string {
  return `u-${createHash("sha256").update(user.toLowerCase()).digest("hex").slice(0, 16)}`;
}

function isLoopback(address: string): boolean {
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4.startsWith("127.") || address === "::1";
}
