// Fault: the disk under the usage (audit) log fills up while the server runs. Writes fail with a
// real ENOSPC (/dev/full through the usage log's stream effect). The server keeps answering,
// /metrics shows the log unhealthy and counts the lost lines, the operational log warns once (not
// once per request), and when the disk has room again logging resumes by itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEV_FULL_PRESENT,
  DEV_FULL_SKIP_REASON,
  fillableDisk,
} from "../../../core/test/faults/fixtures/fillable-disk.ts";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { AUTH, startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { waitFor } from "../fixtures/wait-for.ts";

let served: ServedModel;
let ids: string[];
beforeAll(async () => {
  served = await buildServedModel();
  const snapshot = (await openSnapshotStore(served.snapshotsDir).latest())!;
  ids = (snapshot.table.array("customerID") as string[]).slice(0, 40);
}, 120_000);
afterAll(() => served?.remove());

const metric = async (s: TestServer, name: string): Promise<number> => {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  const m = new RegExp(`^${name} (\\d+(?:\\.\\d+)?)$`, "m").exec(text);
  if (!m) throw new Error(`no ${name} in /metrics`);
  return Number(m[1]);
};
const ask = async (s: TestServer, from: number, count: number): Promise<number[]> => {
  const statuses: number[] = [];
  for (let i = from; i < from + count; i++) {
    statuses.push((await fetch(`${s.url}/v1/customers/${ids[i]}`, { headers: AUTH })).status);
  }
  return statuses;
};
const auditedCustomers = async (s: TestServer) => (await s.audits()).map((e) => e.customerID);

describe.skipIf(!DEV_FULL_PRESENT)(`usage log disk full (skips when ${DEV_FULL_SKIP_REASON})`, () => {
  it("keeps answering, reports the failure in /metrics, warns once, and resumes logging when there is room", async () => {
    const disk = fillableDisk();
    let now = Date.now();
    const s = await startTestServer(
      served,
      {},
      { openUsageLogStream: disk.openStream, clock: () => now },
      "full",
    );
    try {
      expect(await ask(s, 0, 5)).toEqual(Array(5).fill(200));
      await waitFor(async () => (await s.audits()).length === 5, 5000, "the first audit lines");
      expect(await metric(s, "engagetrack_usage_log_healthy")).toBe(1);
      expect(await metric(s, "engagetrack_log_write_failures_total")).toBe(0);

      disk.full = true;
      const t0 = performance.now();
      expect(await ask(s, 5, 20)).toEqual(Array(20).fill(200));
      const fullMs = (performance.now() - t0) / 20;
      await waitFor(
        async () => (await metric(s, "engagetrack_log_write_failures_total")) === 20,
        5000,
        "20 lost lines counted",
      );
      expect(await metric(s, "engagetrack_usage_log_healthy")).toBe(0);
      expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
      const warnings = s.logs.filter((l) => l.includes("cannot write the usage log"));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0])).toMatchObject({ level: "warn", err: { code: "ENOSPC" } });
      expect(await auditedCustomers(s)).toEqual(ids.slice(0, 5));
      expect(fullMs).toBeLessThan(1000); // nobody waits on the disk

      // Room again. The next line after the retry wait reopens the file (that line is lost too).
      disk.full = false;
      now += 5000;
      expect(await ask(s, 25, 1)).toEqual([200]);
      await waitFor(() => disk.opens === 2, 5000, "the reopen");
      expect(await ask(s, 26, 10)).toEqual(Array(10).fill(200));
      await waitFor(async () => (await s.audits()).length === 15, 5000, "audit lines after the recovery");
      expect(await auditedCustomers(s)).toEqual([...ids.slice(0, 5), ...ids.slice(26, 36)]);
      expect(await metric(s, "engagetrack_usage_log_healthy")).toBe(1);
      expect(await metric(s, "engagetrack_log_write_failures_total")).toBe(21);
      expect(s.logs.filter((l) => l.includes("usage log writable again"))).toHaveLength(1);
      expect(s.logs.filter((l) => l.includes("cannot write the usage log"))).toHaveLength(1);
    } finally {
      await s.close();
    }
  });
});
