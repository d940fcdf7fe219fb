// Failed API-key attempts are rate-limited per client address: the socket's, or behind a trusted
// proxy (ENGAGETRACK_TRUSTED_PROXIES) the client its X-Forwarded-For names.
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTH, startTestServer, type TestServer } from "../fixtures/test-server.ts";

let dir: string;
let server: TestServer;
let now = Date.parse("2026-11-21T15:00:00Z");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "et-api-guard-"));
  // No snapshot: a request that passes the guard is answered 503 (not ready), one that does not 401/429.
  server = await startTestServer(
    { dir, modelDir: join(dir, "m"), snapshotsDir: join(dir, "s") },
    {},
    { clock: () => now },
  );
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  retryAfter?: string;
  code?: string;
}

/** GET /v1/customers/0001-A from `localAddress` (127.0.0.x: all loopback on Linux). */
function get(headers: Record<string, string>, localAddress = "127.0.0.1", to = server): Promise<Answer> {
  const url = new URL("/v1/customers/0001-A", to.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, localAddress, agent: false }, (res) => {
      let body = "";
      res.on("data", (d) => (body += String(d)));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          retryAfter: res.headers["retry-after"],
          code: (JSON.parse(body) as { error?: { code: string } }).error?.code,
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

const WRONG = { authorization: "Bearer wrong-key-0123456789abcdef" };

describe("failed API-key attempts", () => {
  it("after 20 wrong keys a minute, the address gets 429 with Retry-After, even with the right key, until a token is back; other addresses are unaffected", async () => {
    for (let i = 0; i < 20; i++) expect((await get(WRONG)).status).toBe(401);
    const refused = await get(WRONG);
    expect(refused).toEqual({ status: 429, retryAfter: "3", code: "too-many-failed-keys" });
    // The right key from the same address: refused too, or guessing would go on at full speed.
    expect(await get(AUTH)).toMatchObject({ status: 429, code: "too-many-failed-keys" });
    // Another address: its own bucket; a valid key passes the guard.
    expect((await get(AUTH, "127.0.0.2")).status).toBe(503);
    expect((await get(WRONG, "127.0.0.2")).status).toBe(401);
    // A forwarding header does not buy a fresh bucket.
    expect((await get({ ...WRONG, "x-forwarded-for": "192.0.2.9" })).status).toBe(429);

    now += 3_000;
    expect((await get(AUTH)).status).toBe(503);
    // One token back: one more wrong key is answered 401, the next 429.
    expect((await get(WRONG)).status).toBe(401);
    expect((await get(WRONG)).status).toBe(429);

    const denied = (await server.audits()).filter((e) => e.errorCode === "too-many-failed-keys");
    expect(denied.length).toBe(4);
    expect(denied[0]).toMatchObject({ surface: "api", actor: "anonymous", outcome: "denied" });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('engagetrack_api_rate_limited_total{key="(failed key)"} 4');
  });
});

describe("failed API-key attempts behind a trusted proxy (the Gateway)", () => {
  // 127.0.0.1 plays the Gateway's NGINX: every client's connection comes from it.
  let proxied: TestServer;
  let at = Date.parse("2026-11-21T15:00:00Z");
  beforeAll(async () => {
    proxied = await startTestServer(
      { dir, modelDir: join(dir, "m"), snapshotsDir: join(dir, "s") },
      { ENGAGETRACK_TRUSTED_PROXIES: "127.0.0.1" },
      { clock: () => at },
      "usage-proxied",
    );
  });
  afterAll(async () => {
    await proxied?.close();
  });
  const via = (headers: Record<string, string>, localAddress = "127.0.0.1") =>
    get(headers, localAddress, proxied);
  const A = { "x-forwarded-for": "203.0.113.5" };
  const B = { "x-forwarded-for": "203.0.113.6" };

  it("21 wrong keys from client A lock A out, not client B, though both come through the same proxy", async () => {
    for (let i = 0; i < 20; i++) expect((await via({ ...WRONG, ...A })).status).toBe(401);
    expect(await via({ ...WRONG, ...A })).toEqual({
      status: 429,
      retryAfter: "3",
      code: "too-many-failed-keys",
    });
    expect((await via({ ...AUTH, ...A })).status).toBe(429);
    // B: its own bucket, behind the same proxy address.
    expect((await via({ ...WRONG, ...B })).status).toBe(401);
    expect((await via({ ...AUTH, ...B })).status).toBe(503);
    // What A writes to the left of the address the proxy appended is A's own business: still A.
    expect((await via({ ...WRONG, "x-forwarded-for": "198.51.100.1, 203.0.113.5" })).status).toBe(429);
    // Through a second trusted hop (it appends the proxy's address): still A.
    expect((await via({ ...WRONG, "x-forwarded-for": "203.0.113.5, 127.0.0.1" })).status).toBe(429);
    at += 3_000;
    expect((await via({ ...AUTH, ...A })).status).toBe(503);
  });

  it("from a peer that is not a trusted proxy, X-Forwarded-For is ignored: rotating it buys no fresh bucket", async () => {
    for (let i = 0; i < 20; i++)
      expect((await via({ ...WRONG, "x-forwarded-for": `198.51.100.${i + 10}` }, "127.0.0.3")).status).toBe(
        401,
      );
    expect((await via({ ...WRONG, "x-forwarded-for": "198.51.100.99" }, "127.0.0.3")).status).toBe(429);
    expect((await via({ ...AUTH, "x-forwarded-for": "198.51.100.98" }, "127.0.0.3")).status).toBe(429);
    // The clients the trusted proxy names are not affected by that peer's lock-out.
    expect((await via({ ...AUTH, "x-forwarded-for": "198.51.100.99" })).status).toBe(503);
  });
});
