import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";
import type { Counter } from "prom-client";
import type { NotebookAccess } from "../server-config.ts";
import type { ApiGuard } from "./api-guard.ts";
import { createClientAddress } from "./client-address.ts";
import { HttpError } from "./http-error.ts";
import { memoryRateLimiters, type RateDecision, type RateLimiterFactory } from "./rate-limiter.ts";
import type { RouteContext } from "./route.ts";

export interface NotebookGuardOptions {
  access: NotebookAccess;
  /** Lookups per minute per user (proxy mode) or for the local machine (loopback mode). */
  perMinute: number;
  /** Milliseconds (the rate limiter's clock). */
  clock: () => number;
  /** Where the buckets live: the shared store in the server (default: this process, for tests). */
  limiters?: RateLimiterFactory;
  rateLimited: Counter<"key">;
  /** `ENGAGETRACK_PUBLIC_URL`: behind a TLS proxy, its origin is the pages' origin. */
  publicUrl?: string;
}

/** The header a proxy adds with `ENGAGETRACK_PROXY_SECRET` (proxy mode). */
export const PROXY_SECRET_HEADER = "x-engagetrack-proxy-secret";

/** Headers a forwarding proxy adds: their presence means the request did not start on this machine. */
const FORWARDED = ["forwarded", "x-forwarded-for", "x-real-ip"] as const;

/**
 * The notebooks site's customer lookup guard (`/notebooks/api/customers/:id`). A static page cannot
 * hold an API key, so this route trusts where the request comes from instead, by policy:
 * - `loopback`: only a browser on this machine (peer 127.0.0.0/8 or ::1, no forwarding headers);
 * - `proxy`: an authenticating proxy (oauth2-proxy behind the ingress) names the signed-in user in
 *   `userHeader`, believed only on a connection from `trustedProxies` and, when `proxySecret` is
 *   set, with that secret in `x-engagetrack-proxy-secret` (compared in constant time). Any other
 *   caller gets 403, rate-limited by its client address (client-address.ts: the socket peer, or
 *   behind a trusted proxy the client its X-Forwarded-For names; never by a header a direct caller
 *   chose, so rotating the user header or X-Forwarded-For buys nothing);
 * - `off`: refused (the page shows its bundled customers only).
 *
 * Then the request must come from the notebooks' own pages, so a page on another site cannot make
 * a signed-in (or local) browser look customers up, nor read the answer:
 * - `Sec-Fetch-Site` `same-origin` (the page's fetch) or `none` (a typed URL); `same-site` is
 *   refused too, since a sibling subdomain may be someone else's;
 * - without it (older browsers, plain-HTTP origins other than localhost), an `Origin` equal to the
 *   request's own: `http://<Host>`, or the public URL's origin when the Host is its host;
 * - with neither header: answered in `loopback` mode only. There the peer is this machine and no
 *   forwarding proxy, so it is a local tool (curl, a script) or a browser's same-origin request,
 *   and the Host allowlist already stops DNS rebinding. In `proxy` mode every browser that reaches
 *   the site over HTTPS sends `Sec-Fetch-Site`, so a request with neither is not a notebook page.
 * Refusals are 403 with one sentence; each is audited as denied.
 *
 * The actor recorded in the audit event is "notebook:local" or "notebook:<pseudonym of the user>".
 *
 * @example
 * const guard = createNotebookGuard({ access: { mode: "loopback", userHeader: "x-auth-request-email" }, perMinute: 600, clock: Date.now, rateLimited });
 * await guard.check(ctx); // "local", or throws 403
 */
export function createNotebookGuard(options: NotebookGuardOptions): ApiGuard {
  const { mode, userHeader } = options.access;
  const limiters = options.limiters ?? memoryRateLimiters(options.clock);
  const limiter = limiters("notebook", options.perMinute);
  // Callers refused in proxy mode, by client address: their own buckets, apart from the users'.
  const untrusted = limiters("notebook-untrusted", options.perMinute);
  const clientAddress = createClientAddress(options.access.trustedProxies);
  const fromProxy = proxyCheck(options.access);
  const limit = (decision: RateDecision) => {
    if (decision.ok) return;
    options.rateLimited.inc({ key: "notebook" });
    throw new HttpError(
      "rate-limited",
      `rate limit of ${options.perMinute} lookups per minute reached: retry after ${decision.retryAfterSeconds} s`,
      { headers: { "retry-after": String(decision.retryAfterSeconds) } },
    );
  };
  const identify = async (ctx: RouteContext): Promise<string> => {
    if (mode === "off")
      throw new HttpError(
        "notebook-lookup-off",
        "customer lookup from the notebooks is turned off on this server (ENGAGETRACK_NOTEBOOK_ACCESS=off)",
      );
    if (mode === "loopback") {
      const peer = ctx.req.socket.remoteAddress ?? "";
      const forwarded = FORWARDED.some((h) => ctx.req.headers[h] !== undefined);
      if (!isLoopback(peer) || forwarded)
        throw new HttpError(
          "notebook-lookup-not-local",
          "customer lookup from the notebooks only answers browsers on the server's own machine; behind a signing-in proxy set ENGAGETRACK_NOTEBOOK_ACCESS=proxy",
        );
      sameOrigin(ctx.req, options.publicUrl, true);
      return "local";
    }
    if (!fromProxy(ctx.req)) {
      limit(await untrusted.take(clientAddress(ctx.req)));
      throw new HttpError(
        "notebook-proxy-untrusted",
        "sign in through the notebooks' proxy to look customers up (this request did not come through it)",
      );
    }
    sameOrigin(ctx.req, options.publicUrl, false);
    const raw = ctx.req.headers[userHeader];
    const user = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";
    // Printable, no spaces: header values are Latin-1 text; anything else is not a user name.
    if (!/^[\x21-\x7e\u00a0-\u00ff]{1,200}$/.test(user))
      throw new HttpError(
        "notebook-user-missing",
        "sign in through the notebooks' proxy to look customers up (no signed-in user on the request)",
      );
    return user;
  };
  return {
    async check(ctx) {
      ctx.audit({ surface: "notebook", actor: "notebook:anonymous" });
      const user = await identify(ctx);
      // Audit logs carry no e-mail addresses: a proxy's user becomes a stable pseudonym (the first
      // 16 hex digits of its SHA-256), which an auditor can recompute from a known address.
      ctx.audit({ actor: user === "local" ? "notebook:local" : `notebook:${pseudonym(user)}` });
      limit(await limiter.take(user));
      return user;
    },
  };
}

/** "u-" + the first 16 hex digits of SHA-256 of the lower-cased user name. */
export function pseudonym(user: string): string {
  return `u-${createHash("sha256").update(user.toLowerCase()).digest("hex").slice(0, 16)}`;
}

/** Whether a request came through the configured proxy: its address, and its secret when one is set. */
function proxyCheck(access: NotebookAccess): (req: IncomingMessage) => boolean {
  const proxies = new BlockList();
  for (const entry of access.trustedProxies) {
    const [address, prefix] = entry.split("/");
    proxies.addSubnet(address, Number(prefix), isIP(address) === 6 ? "ipv6" : "ipv4");
  }
  // Digests of equal length, so the comparison takes the same time whatever the header holds.
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  const secret = access.proxySecret === undefined ? undefined : digest(access.proxySecret);
  return (req) => {
    if (access.trustedProxies.length > 0) {
      const peer = unmapped(req.socket.remoteAddress ?? "");
      const family = isIP(peer);
      if (family === 0 || !proxies.check(peer, family === 6 ? "ipv6" : "ipv4")) return false;
    }
    if (secret) {
      const raw = req.headers[PROXY_SECRET_HEADER];
      const sent = Array.isArray(raw) ? undefined : raw;
      if (sent === undefined || !timingSafeEqual(digest(sent), secret)) return false;
    }
    return true;
  };
}

/** `Sec-Fetch-Site`, else `Origin`, must say the request comes from the server's own pages. */
function sameOrigin(req: IncomingMessage, publicUrl: string | undefined, loopback: boolean): void {
  const site = req.headers["sec-fetch-site"];
  const origin = req.headers.origin;
  let ok: boolean;
  if (site !== undefined) ok = site === "same-origin" || site === "none";
  else if (origin !== undefined) {
    const host = (req.headers.host ?? "").toLowerCase();
    const own = [`http://${host}`];
    if (publicUrl && new URL(publicUrl).host === host) own.push(new URL(publicUrl).origin);
    ok = own.includes(origin.toLowerCase());
  } else ok = loopback;
  if (!ok)
    throw new HttpError(
      "notebook-cross-site",
      site === undefined && origin === undefined
        ? "customer lookup from the notebooks answers the notebooks' own pages only, and this request did not say where it came from (no Sec-Fetch-Site or Origin header)"
        : "customer lookup from the notebooks answers the notebooks' own pages only, and this request came from another site",
    );
}

/** `::ffff:10.0.0.1` → `10.0.0.1` (an IPv4 peer on a dual-stack socket). */
function unmapped(address: string): string {
  const v4 = address.toLowerCase().startsWith("::ffff:") ? address.slice(7) : address;
  return isIP(v4) === 4 ? v4 : address;
}

function isLoopback(address: string): boolean {
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4.startsWith("127.") || address === "::1";
}
