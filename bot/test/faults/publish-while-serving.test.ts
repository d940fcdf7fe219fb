// Fault: a snapshot is published while the server reads. Three clients hammer GET
// /v1/customers/:id while another process writes a 21,000-customer snapshot B into the served
// directory (polled every 50 ms). No request fails; every answer comes from exactly one complete
// snapshot (its id is A or B, and the customer's data is that snapshot's: B has every MonthlyCharges
// one dollar higher); each client sees A until it sees B, never A again; the switch happens.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSnapshotStore, type Manifest } from "../../../core/src/snapshot/index.ts";
import { startChild } from "../../../core/test/faults/fixtures/child.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { AUTH, startTestServer } from "../fixtures/test-server.ts";

const CHILD = join(import.meta.dirname, "fixtures/publish-large-child.ts");
// Large enough that the write spans many requests; the 200k-row version is bench/cases/faults-publish.bench.ts.
const EXTRA_ROWS = 20_000;
const READERS = 3;

let served: ServedModel;
let a: Manifest;
let charges: Map<string, number>;
beforeAll(async () => {
  served = await buildServedModel();
  const store = openSnapshotStore(served.snapshotsDir);
  [a] = await store.list();
  const snapshot = await store.open(a.id);
  const ids = (snapshot.table.array("customerID") as string[]).slice(0, 40);
  charges = new Map(ids.map((id) => [id, snapshot.lookup(id)!.customer.MonthlyCharges]));
}, 120_000);
afterAll(() => served?.remove());

interface Seen {
  at: number;
  status: number;
  snapshotId?: string;
  ok: boolean;
}

describe("publishing a snapshot while the server reads", () => {
  it(`${READERS} clients hammer /v1/customers while another process publishes ${EXTRA_ROWS} customers: no failure, each answer from one complete snapshot, one switch`, async () => {
    const s = await startTestServer(
      served,
      { ENGAGETRACK_SNAPSHOT_POLL_SECONDS: "0.05", ENGAGETRACK_API_RATE_LIMIT: "1000000" },
      {},
      "publish",
    );
    const ids = [...charges.keys()];
    const seen: Seen[][] = Array.from({ length: READERS }, () => []);
    let stop = false;
    const reader = async (r: number) => {
      for (let i = r; !stop; i += READERS) {
        const id = ids[i % ids.length];
        const res = await fetch(`${s.url}/v1/customers/${id}`, { headers: AUTH });
        const at = performance.now();
        if (res.status !== 200) {
          seen[r].push({ at, status: res.status, ok: false });
          continue;
        }
        const body = (await res.json()) as {
          snapshot: { id: string };
          profile: { subscription: { monthlyCharges: number } };
        };
        const a0 = charges.get(id)!;
        const expected = body.snapshot.id === a.id ? a0 : Math.round((a0 + 1) * 100) / 100;
        seen[r].push({
          at,
          status: 200,
          snapshotId: body.snapshot.id,
          ok: body.profile.subscription.monthlyCharges === expected,
        });
      }
    };
    try {
      const reading = Promise.all(Array.from({ length: READERS }, (_, r) => reader(r)));
      const child = startChild(CHILD, [served.snapshotsDir, a.id, String(EXTRA_ROWS)]);
      await child.waitForLine(/^WRITING$/);
      const writingAt = performance.now();
      const [, b, writeMs] = (await child.waitForLine(/^PUBLISHED /, 60_000)).split(" ");
      const publishedAt = performance.now();
      // Let every client see B a few times.
      const deadline = Date.now() + 30_000;
      while (seen.some((list) => list.filter((x) => x.snapshotId === b).length < 5) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 25));
      stop = true;
      await reading;
      expect((await child.exited).code).toBe(0);

      const all = seen.flat();
      expect(all.filter((x) => x.status !== 200)).toEqual([]);
      expect(new Set(all.map((x) => x.snapshotId))).toEqual(new Set([a.id, b]));
      expect(all.filter((x) => !x.ok)).toEqual([]); // the data is the answering snapshot's
      for (const list of seen) {
        const firstB = list.findIndex((x) => x.snapshotId === b);
        expect(firstB).toBeGreaterThan(0);
        expect(list.slice(firstB).every((x) => x.snapshotId === b)).toBe(true);
      }
      // The server kept answering from A while B was written.
      const duringWrite = all.filter((x) => x.at > writingAt && x.at < publishedAt);
      expect(duringWrite.length).toBeGreaterThan(0);
      expect(duringWrite.every((x) => x.snapshotId === a.id)).toBe(true);
      expect(s.services.serving.status().snapshot).toMatchObject({ id: b, rows: a.rows + EXTRA_ROWS });
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      expect(metrics).toContain('engagetrack_snapshot_reloads_total{outcome="swapped"} 2');
      expect(metrics).not.toContain('engagetrack_snapshot_reloads_total{outcome="failed"}');
      expect(Number(writeMs)).toBeGreaterThan(0);
    } finally {
      stop = true;
      await s.close();
    }
  });
});
