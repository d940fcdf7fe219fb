// GET /summaries/<token>.txt on a real server over a real trained model and snapshot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderInsightText } from "../../../core/src/index.ts";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { waitFor } from "../fixtures/wait-for.ts";

let served: ServedModel;
let s: TestServer;
let ids: string[];
let now = Date.parse("2026-11-21T15:00:00Z");

beforeAll(async () => {
  served = await buildServedModel();
  s = await startTestServer(served, { ENGAGETRACK_CHART_URL_TTL_SECONDS: "600" }, { clock: () => now });
  const snapshot = (await openSnapshotStore(served.snapshotsDir).latest())!;
  ids = (snapshot.table.array("customerID") as string[]).slice(0, 5);
}, 120_000);
afterAll(async () => {
  await s?.close();
  served?.remove();
});

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;

describe("GET /summaries/<token>.txt", () => {
  it("a signed link → the customer's TXT summary (renderInsightText) as a named attachment, audited", async () => {
    const before = (await s.audits()).length;
    const url = s.services.summaries.url(ids[1]);
    expect(url.startsWith(`${s.url}/summaries/`)).toBe(true);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${ids[1]}-summary.txt"`);
    const text = await res.text();
    const lease = s.services.serving.acquire();
    try {
      expect(text).toBe(renderInsightText(await s.services.insight(lease, ids[1])));
    } finally {
      lease.release();
    }
    expect(text).toContain(ids[1]);
    await waitFor(async () => (await s.audits()).length > before, 5000, "audit");
    expect((await s.audits())[before]).toMatchObject({
      action: "report",
      actor: "summary-link",
      surface: "api",
      customerID: ids[1],
      outcome: "ok",
      shown: { status: 200, format: "txt" },
    });
  });

  it("not a token → 400, another customer's ID under the signature → 403, expired → 410, unknown customer → 404", async () => {
    const url = s.services.summaries.url(ids[2]);
    const [body, sig] = /\/summaries\/(.+)\.txt$/.exec(url)![1].split(".");
    const malformed = await fetch(`${s.url}/summaries/nonsense.txt`);
    expect([malformed.status, (await errorOf(malformed)).code]).toEqual([400, "malformed-summary-link"]);
    const json = Buffer.from(body, "base64url").toString("utf8").replace(ids[2], ids[3]);
    const forged = await fetch(`${s.url}/summaries/${Buffer.from(json).toString("base64url")}.${sig}.txt`);
    expect([forged.status, (await errorOf(forged)).code]).toEqual([403, "bad-summary-link"]);
    const ghost = await fetch(s.services.summaries.url("0000-GHOST"));
    expect([ghost.status, (await errorOf(ghost)).code]).toEqual([404, "unknown-customer"]);
    now += 601_000;
    try {
      const expired = await fetch(url);
      expect([expired.status, (await errorOf(expired)).code]).toEqual([410, "expired-summary-link"]);
      expect((await fetch(s.services.summaries.url(ids[2]))).status).toBe(200);
    } finally {
      now -= 601_000;
    }
  });
});
