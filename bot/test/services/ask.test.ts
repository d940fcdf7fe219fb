import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";

let served: ServedModel;
let server: TestServer;

beforeAll(async () => {
  served = await buildServedModel({ rows: 600, seed: 11 });
  server = await startTestServer(served);
}, 120_000);

afterAll(async () => {
  await server?.close();
  served?.remove();
});

describe("services.ask", () => {
  it("answers from the serving snapshot and audits the question with who asked and where", async () => {
    const lease = server.services.serving.acquire();
    const id = String(lease.snapshot.table.get("customerID", 3));
    lease.release();
    const reply = await server.services.ask(`why is ${id} at risk`, { id: "U777", surface: "slack" });
    expect(reply.kind).toBe("insight");
    expect(reply.customerID).toBe(id);
    expect(reply.charts.map((c) => c.chart)).toContain("shap-waterfall");
    const audit = (await server.audits()).find((a) => a.actor === "U777");
    expect(audit).toMatchObject({ surface: "slack", customerID: id, outcome: "ok" });
  });

  it("renders a reply's chart once per cache key and serves the second ask from the cache", async () => {
    const reply = await server.services.ask("top at-risk 5", { id: "U778", surface: "slack" });
    const request = reply.charts[0]!;
    const first = await server.services.charts.renderReply(request);
    const second = await server.services.charts.renderReply(request);
    expect(first.kind).toBe("png");
    expect(second).toBe(first);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/engagetrack_chart_renders_total\{outcome="cache-hit"\} [1-9]/);
  });
});

describe("services.ask before the first snapshot", () => {
  it("says what to run instead of throwing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "et-ask-empty-"));
    const empty = await startTestServer({
      dir,
      modelDir: join(dir, "model"),
      snapshotsDir: join(dir, "snapshots"),
    });
    try {
      const reply = await empty.services.ask("top at-risk", { id: "U1", surface: "slack" });
      expect(reply.kind).toBe("error");
      expect(reply.text).toMatch(/npm start|engagetrack run/);
    } finally {
      await empty.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
