// The notebooks site's customer lookup (/notebooks/api/customers/:id) under each access policy, on a
// real server over a real model and snapshot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderInsightText } from "../../../core/src/report/index.ts";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { pseudonym } from "../../http/notebook-guard.ts";
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
    const s = await server({ ENGAGETRACK_NOTEBOOK_ACCESS: "proxy" });
    const refused = await lookup(s);
    expect(refused.status).toBe(401);
    expect((await errorOf(refused)).code).toBe("notebook-user-missing");
    const ok = await lookup(s, { "x-auth-request-email": "ana@example.com", "x-forwarded-for": "10.0.0.1" });
    expect(ok.status).toBe(200);
    // Pseudonymous: no e-mail address in the audit log.
    await waitFor(async () => (await s.audits()).length === 2, 5_000, "two audit events");
    expect((await s.audits()).map((a) => a.actor)).toContain(`notebook:${pseudonym("ana@example.com")}`);
    expect(s.usageLog()).not.toContain("ana@example.com");
  });

  it("reads the header the deployment names", async () => {
    const s = await server({
      ENGAGETRACK_NOTEBOOK_ACCESS: "proxy",
      ENGAGETRACK_NOTEBOOK_USER_HEADER: "X-Ms-Client-Principal-Name",
    });
    expect((await lookup(s, { "x-auth-request-email": "ana@example.com" })).status).toBe(401);
    expect((await lookup(s, { "x-ms-client-principal-name": "ana@example.com" })).status).toBe(200);
  });

  it("limits each user's lookups per minute", async () => {
    const s = await server({ ENGAGETRACK_NOTEBOOK_ACCESS: "proxy", ENGAGETRACK_API_RATE_LIMIT: "2" });
    const as = (user: string) => lookup(s, { "x-auth-request-email": user });
    expect((await as("a@x")).status).toBe(200);
    expect((await as("a@x")).status).toBe(200);
    const limited = await as("a@x");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await as("b@x")).status).toBe(200);
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
