import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { isLoopbackHost, type ServerConfig } from "../server-config.ts";
import { HttpError } from "./http-error.ts";

/** The host names a server answers, besides the loopback names and its own IP address. */
export interface HostPolicy {
  /** Exact names, lower-case (IPv6 literals in brackets). */
  readonly exact: ReadonlySet<string>;
  /** `.corp.example` for `*.corp.example`: a name ending with it, with at least one label before. */
  readonly suffixes: readonly string[];
}

/** The public URL's host and `ENGAGETRACK_ALLOWED_HOSTS`. */
export function hostPolicyFrom(config: Pick<ServerConfig, "publicUrl" | "allowedHosts">): HostPolicy {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  if (config.publicUrl) exact.add(new URL(config.publicUrl).hostname.toLowerCase());
  for (const host of config.allowedHosts) {
    if (host.startsWith("*.")) suffixes.push(host.slice(1));
    else exact.add(host);
  }
  return { exact, suffixes };
}

// A Host header: a name of dot-separated labels or a bracketed IPv6 literal, then an optional port.
const HOST_HEADER =
  /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::\d{1,5})?$/;

/**
 * Whether a request's `Host` header names this server (a DNS-rebinding guard: a page on
 * `evil.example` that re-points its name at 127.0.0.1 still sends `Host: evil.example`). Allowed,
 * with any port:
 * - the loopback names: `localhost`, `127.x.x.x`, `[::1]`;
 * - the public URL's host and the `ENGAGETRACK_ALLOWED_HOSTS` names (`*.corp.example` matches
 *   `a.corp.example`, not `corp.example`);
 * - an IP literal equal to the address the connection arrived on (`localAddress`). This is how
 *   Kubernetes' probes (`Host: <pod IP>:<port>`) and Prometheus (scraping by pod IP) reach a pod,
 *   with no path exempted: an IP literal cannot be re-pointed by DNS, and a page whose origin is
 *   that address is the server's own origin.
 * A missing or malformed Host is refused (browsers always send one).
 *
 * @example
 * const policy = hostPolicyFrom({ publicUrl: "https://engage.example.com", allowedHosts: [] });
 * hostAllowed(policy, "engage.example.com", "10.244.1.7"); // true
 * hostAllowed(policy, "10.244.1.7:3000", "10.244.1.7"); // true
 * hostAllowed(policy, "evil.example:3000", "127.0.0.1"); // false
 */
export function hostAllowed(
  policy: HostPolicy,
  host: string | undefined,
  localAddress: string | undefined,
): boolean {
  const name = HOST_HEADER.exec((host ?? "").toLowerCase())?.[1];
  if (name === undefined) return false;
  if (isLoopbackHost(name) || policy.exact.has(name)) return true;
  if (policy.suffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length)) return true;
  const literal = name.replace(/^\[|\]$/g, "");
  if (isIP(literal) === 0 || !localAddress) return false;
  const local = localAddress.toLowerCase();
  return literal === (local.startsWith("::ffff:") && isIP(local.slice(7)) === 4 ? local.slice(7) : local);
}

/** The 421 a request for another host gets, or undefined when its Host is allowed. */
export function refuseHost(policy: HostPolicy, req: IncomingMessage): HttpError | undefined {
  if (hostAllowed(policy, req.headers.host, req.socket.localAddress)) return undefined;
  return new HttpError(
    "misdirected-request",
    "this server does not answer for the host name in the request; its operator lists the names it serves in ENGAGETRACK_PUBLIC_URL and ENGAGETRACK_ALLOWED_HOSTS",
  );
}

/**
 * The start-up warning for a server that listens beyond this machine but answers only loopback
 * names and its own IP address (no public URL, no allowed hosts), or undefined.
 */
export function hostGuardWarning(
  config: Pick<ServerConfig, "host" | "publicUrl" | "allowedHosts">,
): string | undefined {
  if (isLoopbackHost(config.host) || config.publicUrl || config.allowedHosts.length > 0) return undefined;
  return `HOST=${config.host} listens beyond this machine, but only requests for localhost, 127.0.0.1, [::1] or the server's own IP address are answered (other host names get 421): set ENGAGETRACK_PUBLIC_URL or ENGAGETRACK_ALLOWED_HOSTS to the names clients use`;
}
