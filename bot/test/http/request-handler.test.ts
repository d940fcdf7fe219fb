// The request handler on a real server over a real model and snapshot: what it refuses before any
// route runs (a Host it does not serve: DNS rebinding).
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { AUTH, startTestServer, type TestServer } from "../fixtures/test-server.ts";

describe("the Host allowlist", () => {
  let served: ServedModel;
  let id: string;
  let s: TestServer;
  beforeAll(async () => {
    served = await buildServedModel({ rows: 300, seed: 11 });
    id = String((await openSnapshotStore(served.snapshotsDir).latest())!.table.get("customerID", 0));
    s = await startTestServer(served, {
      ENGAGETRACK_PUBLIC_URL: "https://engage.example.com",
      ENGAGETRACK_ALLOWED_HOSTS: "*.corp.example",
    });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    served?.remove();
  });

  /** A GET with a Host header of our choice (fetch does not let a caller set Host). */
  const get = (path: string, host: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(path, s.url);
      const req = request(url, { headers: { ...headers, host } }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });

  it("answers 421 to a name it does not serve, on every route, without the customer", async () => {
    for (const path of [
      `/notebooks/api/customers/${id}`,
      `/v1/customers/${id}`,
      "/notebooks/",
      "/metrics",
      "/nope",
    ]) {
      const r = await get(path, "evil.example:3000", AUTH);
      expect(r.status, path).toBe(421);
      expect(JSON.parse(r.body).error.code).toBe("misdirected-request");
      expect(r.body).not.toContain(id);
      // The refusal names no configured host or secret.
      expect(r.body).not.toContain("engage.example.com");
    }
  });

  it("answers the loopback names, the public URL's host and the allowed names", async () => {
    const port = new URL(s.url).port;
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      "[::1]:3000",
      "engage.example.com",
      "nb.corp.example",
    ]) {
      const r = await get(`/notebooks/api/customers/${id}`, host);
      expect(r.status, host).toBe(200);
      expect(JSON.parse(r.body).customerID).toBe(id);
    }
  });

  it("counts a refused request in the metrics under its own route label", async () => {
    await get("/healthz", "evil.example");
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/route="misdirected",method="GET",status="421"/);
  });
});
