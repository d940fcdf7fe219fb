import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

/** What the client address is read from: the connection's peer and the request's headers. */
export type AddressedRequest = Pick<IncomingMessage, "headers"> & {
  socket: Pick<IncomingMessage["socket"], "remoteAddress">;
};

/** The client address of a request, as per-client limits count it (see `createClientAddress`). */
export type ClientAddress = (req: AddressedRequest) => string;

/**
 * Derives the address per-client limits count by (wrong API keys, refused notebook callers), given
 * `ENGAGETRACK_TRUSTED_PROXIES` (`address/prefix` entries, as the server config parses them):
 * - the socket peer, when it is not one of the trusted proxies (or none is configured): a header
 *   the caller wrote is never believed;
 * - behind a trusted proxy (the Gateway's NGINX, oauth2-proxy), the standard right-to-left rule on
 *   `X-Forwarded-For` (repeated headers joined in order): skip entries that are trusted proxies and
 *   take the first that is not. Each trusted proxy appends the peer it saw, so that entry was
 *   written by a trusted hop; what a client wrote itself sits further left and is never reached.
 *   A malformed entry (`unknown`, a name, garbage) stops the walk: no trusted hop can vouch for
 *   anything beyond it, so the last trusted address reached counts — with one proxy, the socket
 *   peer. An entry may carry a port (`203.0.113.5:4711`, `[2001:db8::1]:443`).
 * IPv4 addresses count as they are (also when mapped into IPv6); an IPv6 address counts as its
 * /64, since one client is commonly given a whole /64 (`addressGroup`).
 *
 * @example
 * const clientAddress = createClientAddress(["10.244.0.0/16"]);
 * clientAddress(req); // peer 10.244.1.9, X-Forwarded-For "198.51.100.1, 203.0.113.5" → "203.0.113.5"
 */
export function createClientAddress(trustedProxies: readonly string[]): ClientAddress {
  const proxies = new BlockList();
  for (const entry of trustedProxies) {
    const [address, prefix] = entry.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    proxies.addSubnet(address, Number(prefix ?? (family === "ipv6" ? 128 : 32)), family);
  }
  const trusted = (address: string): boolean => {
    const family = isIP(address);
    return family !== 0 && proxies.check(address, family === 6 ? "ipv6" : "ipv4");
  };
  return (req) => {
    const peer = unmapped(req.socket.remoteAddress ?? "");
    if (peer === "") return "unknown";
    if (trustedProxies.length === 0 || !trusted(peer)) return addressGroup(peer);
    const raw = req.headers["x-forwarded-for"];
    if (raw === undefined) return addressGroup(peer);
    const entries = (Array.isArray(raw) ? raw.join(",") : raw).split(",");
    let nearest = peer;
    for (let i = entries.length - 1; i >= 0; i--) {
      const address = forwardedAddress(entries[i]);
      if (address === undefined) break;
      if (!trusted(address)) return addressGroup(address);
      nearest = address;
    }
    return addressGroup(nearest);
  };
}

/** IPv4 (also when mapped into IPv6) as it is; IPv6 as its /64 (`2001:db8:1:2::/64`). */
export function addressGroup(address: string): string {
  const raw = unmapped(address.replace(/%.*$/, ""));
  if (isIP(raw) !== 6) return raw;
  const [head, tail = ""] = raw.toLowerCase().split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === "" ? [] : tail.split(":");
  const groups = raw.includes("::")
    ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** One `X-Forwarded-For` entry → its address (port and IPv6 brackets dropped), or undefined if malformed. */
function forwardedAddress(entry: string): string | undefined {
  const text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) return isIP(bracketed[1]) === 6 ? unmapped(bracketed[1].toLowerCase()) : undefined;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  const address = v4WithPort ? v4WithPort[1] : text;
  return isIP(address) === 0 ? undefined : unmapped(address.toLowerCase());
}

/** `::ffff:10.0.0.1` → `10.0.0.1` (an IPv4 peer on a dual-stack socket). */
function unmapped(address: string): string {
  const v4 = address.toLowerCase().startsWith("::ffff:") ? address.slice(7) : address;
  return isIP(v4) === 4 ? v4 : address;
}
