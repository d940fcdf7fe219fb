// GET /charts/r/<token>.png on a real server: the chart's data travels in the signed link, so the
// server needs no snapshot to draw it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChartRenderer, decodePng } from "../../../core/src/charts/server.ts";
import { chartRequest } from "../../conversation/index.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { waitFor } from "../fixtures/wait-for.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const chart = chartRequest(
  {
    chart: "contract-segmentation",
    input: [
      { segment: "Month-to-month", customers: 2210, meanProbability: 0.4231, highRisk: 611 },
      { segment: "One year", customers: 1055, meanProbability: 0.1102, highRisk: 31 },
      { segment: "Two year", customers: 1210, meanProbability: 0.0301, highRisk: 2 },
    ],
  },
  "contract-segmentation",
);
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;

let dir: string;
let now = Date.parse("2026-11-21T15:00:00Z");
let s: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "et-reply-charts-"));
  const empty = { dir, modelDir: join(dir, "model"), snapshotsDir: join(dir, "snapshots") };
  s = await startTestServer(empty, { ENGAGETRACK_CHART_URL_TTL_SECONDS: "600" }, { clock: () => now });
});
afterAll(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("GET /charts/r/<token>.png", () => {
  it("a signed link → the reply chart's PNG, drawn from the data in the link (no snapshot needed)", async () => {
    const url = s.services.replyCharts.url(chart)!;
    expect(url.startsWith(`${s.url}/charts/r/`)).toBe(true);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("private, max-age=600");
    const png = new Uint8Array(await res.arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(decodePng(png).width).toBeGreaterThan(600);
    // The same PNG the adapters get from services.charts.renderReply.
    const direct = await s.services.charts.renderReply(chart);
    expect(direct.kind === "png" && Buffer.from(direct.png).equals(Buffer.from(png))).toBe(true);
  });

  it("not a token → 400, altered → 403, expired → 410; each audited", async () => {
    const before = (await s.audits()).length;
    const url = s.services.replyCharts.url(chart)!;
    const token = /\/charts\/r\/(.+)\.png$/.exec(url)![1];
    const [body, sig] = token.split(".");
    const flip = (t: string, i: number) => t.slice(0, i) + (t[i] === "A" ? "B" : "A") + t.slice(i + 1);
    const malformed = await fetch(`${s.url}/charts/r/garbage.png`);
    expect([malformed.status, (await errorOf(malformed)).code]).toEqual([400, "malformed-chart-link"]);
    for (const bad of [`${flip(body, 10)}.${sig}`, `${body}.${flip(sig, 3)}`]) {
      const res = await fetch(`${s.url}/charts/r/${bad}.png`);
      expect([res.status, (await errorOf(res)).code]).toEqual([403, "bad-chart-link"]);
    }
    now += 601_000;
    const expired = await fetch(url);
    expect([expired.status, (await errorOf(expired)).code]).toEqual([410, "expired-chart-link"]);
    await waitFor(async () => (await s.audits()).length >= before + 4, 5000, "audits");
    expect((await s.audits()).slice(before).map((e) => [e.action, e.actor, e.outcome, e.errorCode])).toEqual([
      ["chart", "chart-link", "invalid", "malformed-chart-link"],
      ["chart", "chart-link", "denied", "bad-chart-link"],
      ["chart", "chart-link", "denied", "bad-chart-link"],
      ["chart", "chart-link", "invalid", "expired-chart-link"],
    ]);
  });

  it("an image the blank-chart guard refuses → 422 with the chart's text table", async () => {
    const blank = await startTestServer(
      { dir, modelDir: join(dir, "model"), snapshotsDir: join(dir, "snapshots") },
      {},
      { chartRenderer: createChartRenderer({ fontFiles: [] }) },
      "blank",
    );
    try {
      const res = await fetch(blank.services.replyCharts.url(chart)!);
      expect(res.status).toBe(422);
      const text = await res.text();
      expect(text).toMatch(/^chart image unavailable \(no text: \d+ text pixels\); its data:/);
      expect(text).toContain("Month-to-month");
    } finally {
      await blank.close();
    }
  });
});
