// The notebooks site's customer lookup (/notebooks/api/customers/:id) under each access policy, on a
// real server over a real model and snapshot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderInsightText } from "../../../core/src/report/index.ts";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { request } from "node:http";
import { pseudonym, PROXY_SECRET_HEADER } from "../../http/notebook-guard.ts";
import { serverConfigFrom } from "../../server-config.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { waitFor } from "../fixtures/wait-for.ts";
import { AUTH, startTestServer, type TestServer } from "../fixtures/test-server.ts";

let served: ServedModel;
let id: string;
const servers: TestServer[] = [];

beforeAll(async () => {
  served = await buildServedModel({ rows: 600, seed: 5 });
  const snapshot = (await openSnapshotStore(served.snapshotsDir).latest())!;
  id = String(snapshot.table.get("customerID", 0));
}, 120_000);
afterAll(async () => {
  for (const s of servers) await s.close();
  served?.remove();
});

// A fixed clock: the TXT test renders the summary twice, and its `Generated` line must not move
// between the two requests.
const ASKED_AT = Date.parse("2026-11-21T15:00:00Z");

async function server(env: NodeJS.ProcessEnv = {}): Promise<TestServer> {
  const s = await startTestServer(served, env, { clock: () => ASKED_AT }, `usage-${servers.length}`);
  servers.push(s);
  return s;
}
const lookup = (s: TestServer, headers: Record<string, string> = {}, customer = id) =>
  fetch(`${s.url}/notebooks/api/customers/${customer}`, { headers });
/** What a browser adds to the page's own same-origin fetch. */
const SAME_ORIGIN = { "sec-fetch-site": "same-origin" };
/** Proxy mode with this machine as the trusted proxy. */
const PROXY = { ENGAGETRACK_NOTEBOOK_ACCESS: "proxy", ENGAGETRACK_TRUSTED_PROXIES: "127.0.0.1" };
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;

describe("loopback policy (the default)", () => {
  it("answers a browser on this machine without any key, and audits it on surface notebook", async () => {
    const s = await server();
    const res = await lookup(s);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { customerID: string }).customerID).toBe(id);
    await waitFor(
      async () => (await s.audits()).some((a) => a.surface === "notebook"),
      5_000,
      "the audit event",
    );
    const audit = (await s.audits()).find((a) => a.surface === "notebook");
    expect(audit).toMatchObject({ actor: "notebook:local", action: "report", customerID: id, outcome: "ok" });
  });

  it("refuses a request that came through a proxy (forwarding headers), whatever the peer", async () => {
    const s = await server();
    for (const header of ["x-forwarded-for", "forwarded", "x-real-ip"]) {
      const res = await lookup(s, { [header]: "203.0.113.9" });
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe("notebook-lookup-not-local");
    }
    await waitFor(async () => (await s.audits()).length === 3, 5_000, "three audit events");
    expect((await s.audits()).map((a) => [a.actor, a.outcome])).toEqual(
      Array(3).fill(["notebook:anonymous", "denied"]),
    );
  });

  it("does not accept an API key instead: the /v1 routes keep their own guard", async () => {
    const s = await server();
    expect((await lookup(s, { "x-forwarded-for": "203.0.113.9", ...AUTH })).status).toBe(403);
    expect((await fetch(`${s.url}/v1/customers/${id}`)).status).toBe(401);
  });
});

describe("proxy policy", () => {
  it("needs the proxy's user header and records the user as the actor", async () => {
    const s = await server(PROXY);
    const refused = await lookup(s, SAME_ORIGIN);
    expect(refused.status).toBe(401);
    expect((await errorOf(refused)).code).toBe("notebook-user-missing");
    const ok = await lookup(s, {
      "x-auth-request-email": "ana@example.com",
      "x-forwarded-for": "10.0.0.1",
      ...SAME_ORIGIN,
    });
    expect(ok.status).toBe(200);
    // Pseudonymous: no e-mail address in the audit log.
    await waitFor(async () => (await s.audits()).length === 2, 5_000, "two audit events");
    expect((await s.audits()).map((a) => a.actor)).toContain(`notebook:${pseudonym("ana@example.com")}`);
    expect(s.usageLog()).not.toContain("ana@example.com");
  });

  it("reads the header the deployment names", async () => {
    const s = await server({ ...PROXY, ENGAGETRACK_NOTEBOOK_USER_HEADER: "X-Ms-Client-Principal-Name" });
    expect((await lookup(s, { "x-auth-request-email": "ana@example.com", ...SAME_ORIGIN })).status).toBe(401);
    expect(
      (await lookup(s, { "x-ms-client-principal-name": "ana@example.com", ...SAME_ORIGIN })).status,
    ).toBe(200);
  });

  it("limits each user's lookups per minute", async () => {
    const s = await server({ ...PROXY, ENGAGETRACK_API_RATE_LIMIT: "2" });
    const as = (user: string) => lookup(s, { "x-auth-request-email": user, ...SAME_ORIGIN });
    expect((await as("a@x")).status).toBe(200);
    expect((await as("a@x")).status).toBe(200);
    const limited = await as("a@x");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await as("b@x")).status).toBe(200);
  });
});

describe("proxy policy: the user header is trusted only from the proxy", () => {
  const SECRET = "proxy-secret-for-tests-0123456789abcdef";

  it("refuses a caller that is not a trusted proxy (403, audited as denied), whatever user it names", async () => {
    const s = await server({
      ENGAGETRACK_NOTEBOOK_ACCESS: "proxy",
      ENGAGETRACK_TRUSTED_PROXIES: "192.0.2.0/24",
    });
    const res = await lookup(s, { "x-auth-request-email": "ana@example.com", ...SAME_ORIGIN });
    expect(res.status).toBe(403);
    const error = await errorOf(res);
    expect(error.code).toBe("notebook-proxy-untrusted");
    expect(error.message).toMatch(/^sign in through the notebooks' proxy/);
    await waitFor(async () => (await s.audits()).length === 1, 5_000, "the audit event");
    expect((await s.audits())[0]).toMatchObject({ actor: "notebook:anonymous", outcome: "denied" });
  });

  it("rate-limits an untrusted caller by its socket address: rotating the user header does not help", async () => {
    const s = await server({
      ENGAGETRACK_NOTEBOOK_ACCESS: "proxy",
      ENGAGETRACK_TRUSTED_PROXIES: "192.0.2.7, fd00::/8",
      ENGAGETRACK_API_RATE_LIMIT: "2",
    });
    const statuses = [];
    for (const user of ["a@x", "b@x", "c@x", "d@x"])
      statuses.push((await lookup(s, { "x-auth-request-email": user, ...SAME_ORIGIN })).status);
    expect(statuses).toEqual([403, 403, 429, 429]);
  });

  it("limits a refused caller behind a trusted proxy (no secret: not oauth2-proxy) by the client its X-Forwarded-For names", async () => {
    // 127.0.0.1 plays the Gateway's NGINX: in the pod range, but without oauth2-proxy's secret.
    const s = await server({
      ENGAGETRACK_NOTEBOOK_ACCESS: "proxy",
      ENGAGETRACK_TRUSTED_PROXIES: "127.0.0.1",
      ENGAGETRACK_PROXY_SECRET: SECRET,
      ENGAGETRACK_API_RATE_LIMIT: "2",
    });
    const from = async (client: string) =>
      (await lookup(s, { "x-auth-request-email": "a@x", "x-forwarded-for": client, ...SAME_ORIGIN })).status;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await from("203.0.113.5"));
    expect(statuses).toEqual([403, 403, 429]);
    expect(await from("203.0.113.6")).toBe(403);
  });

  it("answers connections from a trusted proxy, by address or CIDR, IPv4 or IPv6", async () => {
    for (const proxies of ["127.0.0.1", "127.0.0.0/8", "192.0.2.1,127.0.0.0/30", "::1/128,127.0.0.1/32"]) {
      const s = await server({ ENGAGETRACK_NOTEBOOK_ACCESS: "proxy", ENGAGETRACK_TRUSTED_PROXIES: proxies });
      expect((await lookup(s, { "x-auth-request-email": "ana@x", ...SAME_ORIGIN })).status, proxies).toBe(
        200,
      );
    }
  });

  it("with a shared secret, needs the proxy's secret header; the secret is never logged", async () => {
    const s = await server({ ENGAGETRACK_NOTEBOOK_ACCESS: "proxy", ENGAGETRACK_PROXY_SECRET: SECRET });
    const as = (secret?: string) =>
      lookup(s, {
        "x-auth-request-email": "ana@x",
        ...SAME_ORIGIN,
        ...(secret !== undefined && { [PROXY_SECRET_HEADER]: secret }),
      });
    expect((await as()).status).toBe(403);
    expect((await as("wrong")).status).toBe(403);
    expect((await as(`${SECRET}x`)).status).toBe(403);
    expect((await as(SECRET)).status).toBe(200);
    await waitFor(async () => (await s.audits()).length === 4, 5_000, "four audit events");
    expect(s.usageLog()).not.toContain(SECRET);
    expect(s.logs.join("")).not.toContain(SECRET);
  });

  it("with both, needs both the address and the secret", async () => {
    const s = await server({
      ENGAGETRACK_NOTEBOOK_ACCESS: "proxy",
      ENGAGETRACK_PROXY_SECRET: SECRET,
      ENGAGETRACK_TRUSTED_PROXIES: "192.0.2.0/24",
    });
    const headers = { "x-auth-request-email": "ana@x", ...SAME_ORIGIN, [PROXY_SECRET_HEADER]: SECRET };
    expect((await lookup(s, headers)).status).toBe(403);
  });

  it("refuses proxy mode with neither setting at start-up, naming both; bad addresses name theirs", () => {
    expect(() => serverConfigFrom({ ENGAGETRACK_NOTEBOOK_ACCESS: "proxy" })).toThrow(
      /ENGAGETRACK_TRUSTED_PROXIES.*ENGAGETRACK_PROXY_SECRET/,
    );
    for (const bad of ["10.0.0.0/33", "0.0.0.0/0", "::/0", "proxy.internal", "10.0.0.1/8/2", "10.0.0.0/x"])
      expect(() => serverConfigFrom({ ...PROXY, ENGAGETRACK_TRUSTED_PROXIES: bad }), bad).toThrow(
        /ENGAGETRACK_TRUSTED_PROXIES=/,
      );
    expect(() => serverConfigFrom({ ...PROXY, ENGAGETRACK_PROXY_SECRET: "short" })).toThrow(
      /ENGAGETRACK_PROXY_SECRET=\(hidden\)/,
    );
    expect(
      serverConfigFrom({ ...PROXY, ENGAGETRACK_TRUSTED_PROXIES: "10.244.0.0/16, FD00::/8" }).notebooks,
    ).toMatchObject({
      trustedProxies: ["10.244.0.0/16", "fd00::/8"],
    });
  });
});

describe("same-origin only: a page on another site cannot make the browser look customers up", () => {
  it("answers the notebooks' own pages (Sec-Fetch-Site same-origin) and a typed URL (none)", async () => {
    const s = await server();
    for (const site of ["same-origin", "none"])
      expect((await lookup(s, { "sec-fetch-site": site })).status, site).toBe(200);
  });

  it("refuses another site, or a sibling on the same site, with a one-sentence reason (403, audited as denied)", async () => {
    const s = await server();
    for (const site of ["cross-site", "same-site", "bogus"]) {
      const res = await lookup(s, { "sec-fetch-site": site });
      expect(res.status, site).toBe(403);
      const error = await errorOf(res);
      expect(error.code).toBe("notebook-cross-site");
      expect(error.message).not.toContain("\n");
    }
    await waitFor(async () => (await s.audits()).length === 3, 5_000, "three audit events");
    expect((await s.audits()).map((a) => a.outcome)).toEqual(["denied", "denied", "denied"]);
  });

  it("without Sec-Fetch-Site, needs an Origin equal to the request's own", async () => {
    const s = await server();
    expect((await lookup(s, { origin: new URL(s.url).origin })).status).toBe(200);
    for (const origin of [
      "http://evil.example",
      "null",
      `https://${new URL(s.url).host}`,
      `${s.url}.evil.example`,
    ])
      expect((await lookup(s, { origin })).status, origin).toBe(403);
  });

  it("behind a TLS proxy, the public URL's origin is the request's own", async () => {
    const s = await server({ ...PROXY, ENGAGETRACK_PUBLIC_URL: "https://engage.example.com" });
    const ask = (origin: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          new URL(`/notebooks/api/customers/${id}`, s.url),
          { headers: { host: "engage.example.com", origin, "x-auth-request-email": "ana@x" } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.end();
      });
    expect(await ask("https://engage.example.com")).toBe(200);
    expect(await ask("https://evil.example")).toBe(403);
  });

  it("a client that sends neither header (curl, a script) is answered in loopback mode only", async () => {
    expect((await lookup(await server())).status).toBe(200);
    const proxied = await server(PROXY);
    const res = await lookup(proxied, { "x-auth-request-email": "ana@x" });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("notebook-cross-site");
  });
});

describe("off policy", () => {
  it("refuses every lookup and says how to turn it on", async () => {
    const s = await server({ ENGAGETRACK_NOTEBOOK_ACCESS: "off" });
    const res = await lookup(s);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toContain("ENGAGETRACK_NOTEBOOK_ACCESS=off");
  });

  it("rejects an unknown policy at start-up, naming the setting", async () => {
    await expect(server({ ENGAGETRACK_NOTEBOOK_ACCESS: "public" })).rejects.toThrow(
      /ENGAGETRACK_NOTEBOOK_ACCESS="public"/,
    );
  });
});

describe("Accept: text/plain", () => {
  it("returns the TXT summary, byte for byte the export of the same insight", async () => {
    const s = await server();
    const res = await lookup(s, { accept: "text/plain" });
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`inline; filename="engagetrack-${id}.txt"`);
    const text = await res.text();
    const json = await (await fetch(`${s.url}/v1/customers/${id}`, { headers: AUTH })).json();
    expect(text).toBe(renderInsightText(json));
  });

  it("prefers JSON when the client lists it first or sends */*", async () => {
    const s = await server();
    for (const accept of ["application/json, text/plain", "*/*", "application/json"]) {
      const res = await lookup(s, { accept });
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    }
  });
});
