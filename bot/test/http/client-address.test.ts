// The client address per-client limits count by: the socket peer, or behind trusted proxies the
// first untrusted X-Forwarded-For entry from the right.
import { createServer, type IncomingMessage } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { addressGroup, createClientAddress } from "../../http/client-address.ts";

/** What a request from `peer` carrying these X-Forwarded-For values looks like to the server. */
const from = (peer: string | undefined, xff?: string) => ({
  socket: { remoteAddress: peer },
  headers: xff === undefined ? {} : { "x-forwarded-for": xff },
});

describe("client address", () => {
  const behind = createClientAddress(["10.244.0.0/16", "fd00::/8", "192.0.2.7/32"]);

  it("is the socket peer when no proxy is trusted, whatever the headers say", () => {
    const direct = createClientAddress([]);
    expect(direct(from("198.51.100.4", "203.0.113.5"))).toBe("198.51.100.4");
    expect(direct(from("::ffff:198.51.100.4", "203.0.113.5"))).toBe("198.51.100.4");
    expect(direct(from(undefined))).toBe("unknown");
  });

  it("is the socket peer when the peer is not a trusted proxy: a forged X-Forwarded-For is ignored", () => {
    expect(behind(from("198.51.100.4", "203.0.113.5"))).toBe("198.51.100.4");
    expect(behind(from("10.245.0.1", "203.0.113.5"))).toBe("10.245.0.1");
  });

  it("behind a trusted proxy, is the first entry from the right that is not a trusted proxy", () => {
    // The Gateway's NGINX appended the client's address ($proxy_add_x_forwarded_for).
    expect(behind(from("10.244.1.9", "203.0.113.5"))).toBe("203.0.113.5");
    // Entries the client wrote itself stay on the left and are never reached.
    expect(behind(from("10.244.1.9", "198.51.100.1, 10.244.0.3, 203.0.113.5"))).toBe("203.0.113.5");
    // Two trusted hops (NGINX, then oauth2-proxy, which appends NGINX's address).
    expect(behind(from("10.244.2.2", "203.0.113.5, 10.244.1.9"))).toBe("203.0.113.5");
    expect(behind(from("::ffff:10.244.2.2", "203.0.113.5,10.244.1.9"))).toBe("203.0.113.5");
    expect(behind(from("fd00::2", "2001:db8::1, fd00::1"))).toBe("2001:db8:0:0::/64");
  });

  it("reads the forms proxies write: bracketed IPv6, ports, mapped IPv4, any case", () => {
    expect(behind(from("192.0.2.7", "203.0.113.5:51234"))).toBe("203.0.113.5");
    expect(behind(from("192.0.2.7", "[2001:DB8:1:2::a]:443"))).toBe("2001:db8:1:2::/64");
    expect(behind(from("192.0.2.7", "[2001:db8:1:2::a]"))).toBe("2001:db8:1:2::/64");
    expect(behind(from("192.0.2.7", "::ffff:203.0.113.5"))).toBe("203.0.113.5");
    // A trusted proxy in IPv4-mapped form is still trusted.
    expect(behind(from("192.0.2.7", "203.0.113.5, ::ffff:10.244.0.1"))).toBe("203.0.113.5");
  });

  it("stops at a malformed entry and takes the last trusted address reached (one proxy: the socket peer)", () => {
    for (const bad of ["unknown", "", "203.0.113.5:x", "[203.0.113.5]", "_hidden", "1.2.3"])
      expect(behind(from("10.244.1.9", `203.0.113.5, ${bad}`)), bad).toBe("10.244.1.9");
    expect(behind(from("10.244.1.9", "203.0.113.5, unknown, 10.244.3.3"))).toBe("10.244.3.3");
    // An empty header: nothing named, the peer.
    expect(behind(from("10.244.1.9", ""))).toBe("10.244.1.9");
  });

  it("is the leftmost trusted address when every entry is a trusted proxy (a request from inside)", () => {
    expect(behind(from("10.244.1.9"))).toBe("10.244.1.9");
    expect(behind(from("10.244.1.9", "10.244.7.7, 10.244.1.8"))).toBe("10.244.7.7");
  });

  it("groups an IPv6 client by its /64 (one client gets a whole /64), IPv4 by the address", () => {
    const a = behind(from("10.244.1.9", "2001:db8:1:2::a"));
    expect(a).toBe("2001:db8:1:2::/64");
    expect(behind(from("10.244.1.9", "2001:db8:1:2:ffff:1:2:3"))).toBe(a);
    expect(behind(from("10.244.1.9", "2001:db8:1:3::a"))).not.toBe(a);
    expect(addressGroup("2001:0db8:0000:0001::1")).toBe("2001:db8:0:1::/64");
    expect(addressGroup("::1")).toBe("0:0:0:0::/64");
    expect(addressGroup("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressGroup("203.0.113.5")).toBe("203.0.113.5");
  });

  it("joins repeated X-Forwarded-For headers in order, as a real server receives them", async () => {
    const derive = createClientAddress(["127.0.0.1"]);
    const seen: string[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      seen.push(derive(req));
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const send = (headerLines: string) =>
      new Promise<void>((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () =>
          socket.write(`GET / HTTP/1.1\r\nHost: x\r\n${headerLines}Connection: close\r\n\r\n`),
        );
        socket.on("error", reject);
        socket.on("close", () => resolve());
        socket.resume();
      });
    try {
      await send("X-Forwarded-For: 198.51.100.1\r\nX-Forwarded-For: 203.0.113.5, 127.0.0.1\r\n");
      await send("X-Forwarded-For: 203.0.113.5\r\nX-Forwarded-For: 127.0.0.1\r\n");
      await send("X-Forwarded-For: 127.0.0.1\r\nX-Forwarded-For: unknown\r\n");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen).toEqual(["203.0.113.5", "203.0.113.5", "127.0.0.1"]);
  });
});
