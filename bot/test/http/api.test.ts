// The HTTP API listener (bot/http) on a real server over a real trained model and snapshot.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChartRenderer, decodePng } from "../../../core/src/charts/server.ts";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { runInProcess } from "../../../cli/test/fixtures/run-in-process.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { AUTH, TEST_KEY, startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { waitFor } from "../fixtures/wait-for.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JSON_HEADERS = { ...AUTH, "content-type": "application/json" };

let served: ServedModel;
let api: TestServer;
let ids: string[];

beforeAll(async () => {
  served = await buildServedModel();
  api = await startTestServer(served);
  const snapshot = (await openSnapshotStore(served.snapshotsDir).latest())!;
  ids = (snapshot.table.array("customerID") as string[]).slice(0, 20);
}, 120_000);
afterAll(async () => {
  await api?.close();
  served?.remove();
});

const post = (server: TestServer, body: unknown, headers: Record<string, string> = JSON_HEADERS) =>
  fetch(`${server.url}/v1/nudges`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;

describe("bearer API keys", () => {
  it("no key or a wrong key → 401 with a Bearer challenge, on every /v1 route; the key is never logged", async () => {
    const cases = [
      [{}, "missing-api-key"],
      [{ authorization: "Bearer not-the-key-0000000000" }, "bad-api-key"],
      [{ authorization: `Basic ${Buffer.from(`test:${TEST_KEY}`).toString("base64")}` }, "missing-api-key"],
    ] as const;
    for (const [headers, code] of cases) {
      const a = await fetch(`${api.url}/v1/customers/${ids[0]}`, { headers });
      expect([a.status, (await errorOf(a)).code]).toEqual([401, code]);
      expect(a.headers.get("www-authenticate")).toBe('Bearer realm="engagetrack"');
      const b = await post(
        api,
        { customerID: ids[0], event: "login" },
        { ...headers, "content-type": "application/json" },
      );
      expect([b.status, (await errorOf(b)).code]).toEqual([401, code]);
    }
    await waitFor(
      async () => (await api.audits()).filter((e) => e.errorCode === "bad-api-key").length >= 2,
      5000,
      "audits",
    );
    const denied = (await api.audits()).find((e) => e.errorCode === "missing-api-key")!;
    expect(denied).toMatchObject({ surface: "api", actor: "anonymous", outcome: "denied", action: "report" });
    expect(api.usageLog()).not.toContain(TEST_KEY);
    expect(api.logs.join("")).not.toContain(TEST_KEY);
  });

  it("a server without API keys refuses the /v1 API and says how to set one", async () => {
    const open = await startTestServer(served, { ENGAGETRACK_API_KEYS: "" }, {}, "nokeys");
    try {
      const res = await fetch(`${open.url}/v1/customers/${ids[0]}`, { headers: AUTH });
      const error = await errorOf(res);
      expect([res.status, error.code]).toEqual([401, "no-api-keys"]);
      expect(error.message).toContain("ENGAGETRACK_API_KEYS=name:key");
      expect((await fetch(`${open.url}/healthz`)).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe("per-key rate limit", () => {
  it("over the rate → 429 with Retry-After; a token is back after 60/rate seconds", async () => {
    let now = Date.parse("2026-11-21T15:00:00Z");
    const limited = await startTestServer(
      served,
      { ENGAGETRACK_API_RATE_LIMIT: "3" },
      { clock: () => now },
      "rate",
    );
    try {
      const get = () => fetch(`${limited.url}/v1/customers/${ids[0]}`, { headers: AUTH });
      expect([(await get()).status, (await get()).status, (await get()).status]).toEqual([200, 200, 200]);
      const refused = await get();
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("20");
      expect(await errorOf(refused)).toMatchObject({ code: "rate-limited" });
      now += 19_000;
      expect((await get()).status).toBe(429);
      now += 1_000;
      expect((await get()).status).toBe(200);
      const metrics = await (await fetch(`${limited.url}/metrics`)).text();
      expect(metrics).toContain('engagetrack_api_rate_limited_total{key="test"} 2');
      await waitFor(async () => (await limited.audits()).length >= 6, 5000, "audits");
      expect(
        (await limited.audits()).filter((e) => e.outcome === "denied" && e.errorCode === "rate-limited"),
      ).toHaveLength(2);
    } finally {
      await limited.close();
    }
  });
});

describe("POST /v1/nudges", () => {
  it("returns the nudge; repeated events within the cooldown return the same nudge, later a fresh one", async () => {
    let now = Date.parse("2026-11-21T15:00:00Z");
    const s = await startTestServer(served, {}, { clock: () => now }, "cooldown");
    try {
      const first = await post(s, { customerID: ids[1], event: "login" });
      expect(first.status).toBe(200);
      const a = await first.json();
      expect(a).toMatchObject({
        customerID: ids[1],
        event: "login",
        repeated: false,
        shownAt: "2026-11-21T15:00:00.000Z",
      });
      expect(a.nudge).toMatchObject({ engine: "rules", trigger: "login", fallbackReason: null });
      expect(typeof a.nudge.actionId).toBe("string");
      expect(a.nudge.message.length).toBeGreaterThan(10);
      now += 60_000;
      const b = await (await post(s, { customerID: ids[1], event: "refresh" })).json();
      expect(b).toEqual({ ...a, event: "refresh", repeated: true });
      now += 1800 * 1000; // the default cooldown
      const c = await (await post(s, { customerID: ids[1], event: "refresh" })).json();
      expect(c).toMatchObject({ repeated: false, shownAt: "2026-11-21T15:31:00.000Z" });
      expect(c.nudge.trigger).toBe("refresh");
      await waitFor(async () => (await s.audits()).length >= 3, 5000, "audits");
      const audits = await s.audits();
      expect(audits.map((e) => e.shown && (e.shown as Record<string, unknown>).repeated)).toEqual([
        false,
        true,
        false,
      ]);
      expect(audits[0]).toMatchObject({
        surface: "api",
        action: "nudge.event",
        actor: "api:test",
        customerID: ids[1],
        outcome: "ok",
        engine: "rules",
        shown: { status: 200, event: "login", nudge: a.nudge.actionId, channel: a.nudge.channel },
      });
      expect(audits[0].snapshotId).toMatch(/^\d{4}-/);
    } finally {
      await s.close();
    }
  });

  it("is the nudge `engagetrack nudge --event login` decides for the same model and snapshot", async () => {
    const cli = await runInProcess(["nudge", ids[2], "--event", "login", "--json"], {
      ENGAGETRACK_MODEL_DIR: served.modelDir,
      ENGAGETRACK_SNAPSHOTS_DIR: served.snapshotsDir,
      ENGAGETRACK_USAGE_LOG: join(served.dir, "cli-usage.log"),
    });
    expect(cli.code).toBe(0);
    const viaApi = await (await post(api, { customerID: ids[2], event: "login" })).json();
    expect(viaApi.nudge).toEqual(JSON.parse(cli.stdout).nudge);
  });

  it("helpful refusals: bad JSON 400, wrong type 415, bad fields 400, too large 413, unknown customer 404, GET 405", async () => {
    const notJson = await post(api, "{customerID:");
    expect([notJson.status, (await errorOf(notJson)).code]).toEqual([400, "bad-json"]);
    const empty = await post(api, "");
    expect((await errorOf(empty)).message).toContain("empty");
    const form = await post(api, "customerID=x", {
      ...AUTH,
      "content-type": "application/x-www-form-urlencoded",
    });
    expect([form.status, (await errorOf(form)).code]).toEqual([415, "unsupported-media-type"]);
    const noEvent = await post(api, { customerID: ids[0] });
    const e = await errorOf(noEvent);
    expect([noEvent.status, e.code]).toEqual([400, "bad-request"]);
    expect(e.message).toMatch(
      /^invalid body: event: .*expected \{"customerID": "<id>", "event": "login" \| "refresh"\}/,
    );
    const badEvent = await post(api, { customerID: ids[0], event: "logout", extra: 1 });
    const be = (await errorOf(badEvent)).message;
    expect(be).toContain("event:");
    expect(be).toContain('Unrecognized key: "extra"');
    const badId = await post(api, { customerID: "../../etc/passwd", event: "login" });
    expect((await errorOf(badId)).message).toContain("customerID:");
    const huge = await post(api, { customerID: ids[0], event: "login", pad: "x".repeat(20_000) });
    expect([huge.status, (await errorOf(huge)).code]).toEqual([413, "body-too-large"]);
    const unknown = await post(api, { customerID: "0000-NOSUCH", event: "login" });
    const u = await errorOf(unknown);
    expect([unknown.status, u.code]).toEqual([404, "unknown-customer"]);
    expect(u.message).toContain('no customer "0000-NOSUCH" in snapshot');
    const get = await fetch(`${api.url}/v1/nudges`, { headers: AUTH });
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
  });

  it("counts nudges the rule engine answered because the LLM failed", async () => {
    const llm = await fakeLlm(500);
    const s = await startTestServer(
      served,
      { LLM_API_KEY: "sk-fake-llm-key", LLM_BASE_URL: llm.url, LLM_TIMEOUT_MS: "800" },
      {},
      "llm",
    );
    try {
      const res = await (await post(s, { customerID: ids[3], event: "login" })).json();
      expect(res.nudge).toMatchObject({ engine: "rules", fallbackReason: "llm-server-error" });
      expect(llm.calls()).toBeGreaterThan(0);
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      expect(metrics).toContain('engagetrack_llm_fallbacks_total{reason="llm-server-error"} 1');
      expect(s.logs.join("")).not.toContain("sk-fake-llm-key");
    } finally {
      await s.close();
      await llm.close();
    }
  });
});

describe("GET /v1/customers/:id", () => {
  it("returns the CustomerInsight: the same object `engagetrack report --format json` writes", async () => {
    const res = await fetch(`${api.url}/v1/customers/${ids[4]}`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const insight = await res.json();
    expect(insight).toMatchObject({ schemaVersion: 1, customerID: ids[4] });
    expect(Object.keys(insight).sort()).toEqual(
      [
        "customerID",
        "dataset",
        "engagement",
        "experiment",
        "explanation",
        "generatedAt",
        "model",
        "nudge",
        "profile",
        "risk",
        "schemaVersion",
        "snapshot",
      ].sort(),
    );
    expect(insight.risk.probability).toBeGreaterThan(0);
    expect(insight.risk.probability).toBeLessThan(1);
    expect(["Low", "Medium", "High"]).toContain(insight.risk.band);
    // The demo's values are all simulated, and the JSON says so for machines.
    expect(insight.dataset).toEqual({ name: "simulated", simulated: true, simulatedColumns: [] });
    const cli = await runInProcess(["report", ids[4], "--format", "json"], {
      ENGAGETRACK_MODEL_DIR: served.modelDir,
      ENGAGETRACK_SNAPSHOTS_DIR: served.snapshotsDir,
      ENGAGETRACK_USAGE_LOG: join(served.dir, "cli-usage.log"),
    });
    expect(cli.code).toBe(0);
    const fromCli = JSON.parse(cli.stdout);
    expect({ ...insight, generatedAt: null }).toEqual({ ...fromCli, generatedAt: null });
    await waitFor(
      async () => (await api.audits()).some((e) => e.action === "report" && e.customerID === ids[4]),
      5000,
      "audit",
    );
    expect((await api.audits()).find((e) => e.action === "report" && e.customerID === ids[4])).toMatchObject({
      outcome: "ok",
      actor: "api:test",
      shown: { status: 200, format: "json", band: insight.risk.band, nudge: insight.nudge.actionId },
      modelHash: insight.model.hash,
      snapshotId: insight.snapshot.id,
    });
  });

  it("unknown customer → 404 naming it; malformed ID → 400", async () => {
    const unknown = await fetch(`${api.url}/v1/customers/9999-ZZZZZ`, { headers: AUTH });
    expect([unknown.status, (await errorOf(unknown)).code]).toEqual([404, "unknown-customer"]);
    const bad = await fetch(`${api.url}/v1/customers/a%20b`, { headers: AUTH });
    expect([bad.status, (await errorOf(bad)).code]).toEqual([400, "bad-customer-id"]);
    const escape = await fetch(`${api.url}/v1/customers/%E0%A4%A`, { headers: AUTH });
    expect([escape.status, (await errorOf(escape)).code]).toEqual([400, "bad-request"]);
  });
});

describe("GET /charts/<token>.png", () => {
  it("a signed link → the PNG (rendered once, then from the cache)", async () => {
    const url = api.services.links.url({ chart: "shap-waterfall", customerID: ids[5] });
    expect(url.startsWith(`${api.url}/charts/`)).toBe(true);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    const png = new Uint8Array(await res.arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(decodePng(png)).toMatchObject({ width: 1600, height: 900 });
    expect(res.headers.get("cache-control")).toMatch(/^private, max-age=\d+$/);
    const again = await fetch(url);
    expect(Buffer.from(await again.arrayBuffer()).equals(Buffer.from(png))).toBe(true);
    const dist = await fetch(api.services.links.url({ chart: "risk-distribution", width: 640, height: 400 }));
    expect(decodePng(new Uint8Array(await dist.arrayBuffer()))).toMatchObject({ width: 1280, height: 800 });
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(/engagetrack_chart_renders_total\{outcome="cache-hit"\} [1-9]/);
    expect(metrics).toMatch(/engagetrack_chart_renders_total\{outcome="png"\} [2-9]/);
  });

  it("a tampered or expired link → 403; a customer not in the snapshot → 404", async () => {
    let now = Date.parse("2026-11-21T15:00:00Z");
    const s = await startTestServer(
      served,
      { ENGAGETRACK_CHART_URL_TTL_SECONDS: "600" },
      { clock: () => now },
      "charts",
    );
    try {
      const url = s.services.links.url({ chart: "shap-waterfall", customerID: ids[6] });
      const [, token] = /\/charts\/(.+)\.png$/.exec(url)!;
      const [body, sig] = token.split(".");
      const other = Buffer.from(
        Buffer.from(body, "base64url")
          .toString()
          .replace(ids[6], ids[7].padEnd(ids[6].length, "X").slice(0, ids[6].length)),
      ).toString("base64url");
      for (const bad of [`${other}.${sig}`, `${body}.${sig.slice(0, -2)}AA`, `${body}x.${sig}`]) {
        const res = await fetch(`${s.url}/charts/${bad}.png`);
        expect([res.status, (await errorOf(res)).code]).toEqual([403, "bad-chart-link"]);
      }
      // Not a token at all: 400, as on every link route.
      const garbage = await fetch(`${s.url}/charts/garbage.png`);
      expect([garbage.status, (await errorOf(garbage)).code]).toEqual([400, "malformed-chart-link"]);
      expect((await fetch(url)).status).toBe(200);
      now += 601_000;
      const expired = await fetch(url);
      // Expired: 410 Gone, as on every link route.
      expect([expired.status, (await errorOf(expired)).code]).toEqual([410, "expired-chart-link"]);
      const ghost = await fetch(s.services.links.url({ chart: "shap-waterfall", customerID: "0000-GHOST" }));
      expect([ghost.status, (await errorOf(ghost)).code]).toEqual([404, "unknown-customer"]);
      await waitFor(async () => (await s.audits()).length >= 7, 5000, "audits");
      expect((await s.audits()).map((e) => [e.action, e.actor, e.outcome])).toEqual([
        ...Array(3).fill(["chart", "chart-link", "denied"]),
        ["chart", "chart-link", "invalid"],
        ["chart", "chart-link", "ok"],
        ["chart", "chart-link", "invalid"],
        ["chart", "chart-link", "not-found"],
      ]);
    } finally {
      await s.close();
    }
  });

  it("an image the blank-chart guard refuses → 422 with the chart's text table", async () => {
    // Without fonts resvg drops every label silently: the guard's "no text" case.
    const s = await startTestServer(
      served,
      {},
      { chartRenderer: createChartRenderer({ fontFiles: [] }) },
      "blank",
    );
    try {
      const res = await fetch(s.services.links.url({ chart: "risk-distribution" }));
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      const text = await res.text();
      expect(text).toMatch(/^chart image unavailable \(no text: \d+ text pixels\); its data:/);
      expect(text).toContain("Churn risk");
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      expect(metrics).toContain('engagetrack_chart_renders_total{outcome="text"} 1');
    } finally {
      await s.close();
    }
  });
});

describe("health, readiness, metrics", () => {
  it("/healthz is up; /readyz names the snapshot and model; unknown paths are a JSON 404", async () => {
    expect(await (await fetch(`${api.url}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${api.url}/readyz`);
    const newest = (await openSnapshotStore(served.snapshotsDir).list())[0];
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: "ready",
      snapshot: { id: newest.id, createdAt: newest.createdAt, rows: 1000 },
      model: { name: "model", hash: newest.model.hash },
      warning: null,
    });
    const missing = await fetch(`${api.url}/nope`);
    expect([missing.status, (await errorOf(missing)).code]).toEqual([404, "not-found"]);
  });

  it("with no snapshot yet: starts, /readyz 503 says what to run, /v1 answers 503 not-ready", async () => {
    const empty = join(served.dir, "empty-snapshots");
    mkdirSync(empty);
    const s = await startTestServer({ ...served, snapshotsDir: empty }, {}, {}, "empty");
    try {
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${s.url}/readyz`);
      const body = await ready.json();
      expect(ready.status).toBe(503);
      expect(body.reason).toBe(
        `no snapshot in ${empty} yet: run \`npm start\` or \`engagetrack score --snapshots ${empty}\` first`,
      );
      const res = await fetch(`${s.url}/v1/customers/${ids[0]}`, { headers: AUTH });
      expect([res.status, res.headers.get("retry-after"), (await errorOf(res)).code]).toEqual([
        503,
        "5",
        "not-ready",
      ]);
      expect(await (await fetch(`${s.url}/metrics`)).text()).toContain("engagetrack_ready 0");
    } finally {
      await s.close();
    }
  });

  it("/metrics: Prometheus text with requests and latency by route and status, snapshot, event-loop lag", async () => {
    await fetch(`${api.url}/v1/customers/${ids[8]}`, { headers: AUTH });
    const res = await fetch(`${api.url}/metrics`);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await res.text();
    expect(text).toMatch(
      /^engagetrack_http_requests_total\{route="\/v1\/customers\/:id",method="GET",status="200"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(
      /^engagetrack_http_requests_total\{route="\/v1\/customers\/:id",method="GET",status="401"\} [1-9]/m,
    );
    expect(text).toMatch(
      /^engagetrack_http_request_duration_seconds_bucket\{le="0\.1",route="\/v1\/customers\/:id",method="GET",status="200"\} \d+$/m,
    );
    expect(text).toContain("engagetrack_snapshot_rows 1000");
    expect(text).toMatch(/^engagetrack_snapshot_age_seconds \d+(\.\d+)?$/m);
    expect(text).toContain("engagetrack_ready 1");
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(text).toContain('engagetrack_snapshot_reloads_total{outcome="swapped"} 1');
  });
});

/** A local OpenAI-compatible endpoint that always answers `status`. */
async function fakeLlm(status: number): Promise<{ url: string; calls(): number; close(): Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    calls++;
    req.resume();
    req.on("end", () => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "boom" } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls: () => calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
