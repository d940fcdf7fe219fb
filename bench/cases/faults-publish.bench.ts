// A large snapshot published while the server is read: four clients send GET /v1/customers/:id
// back to back to the real server (in process, loopback, polling every 50 ms) while another
// process writes a snapshot of the served customers plus ENGAGETRACK_BENCH_FAULTS_PUBLISH_ROWS
// synthetic ones (default 200,000). Reported: the write time, requests answered while it was
// written (all from the old snapshot), how long after the rename the new one served, request
// latency before/during/around the switch (loading and verifying the new snapshot runs on the
// server's event loop), and the cost of the SHA-256 check on load. Every answer must be 200 and
// from exactly one snapshot (its data agrees with its id).
import { join } from "node:path";
import { defineCase } from "../harness.ts";
import { openSnapshotStore, type Manifest } from "../../core/src/snapshot/index.ts";
import { startChild } from "../../core/test/faults/fixtures/child.ts";
import { buildServedModel, type ServedModel } from "../../bot/test/fixtures/served-model.ts";
import { AUTH, startTestServer } from "../../bot/test/fixtures/test-server.ts";

const EXTRA_ROWS = Number(process.env.ENGAGETRACK_BENCH_FAULTS_PUBLISH_ROWS ?? 200_000);
const READERS = 4;
const CHILD = join(import.meta.dirname, "../../bot/test/faults/fixtures/publish-large-child.ts");

interface State {
  served: ServedModel;
  a: Manifest;
  charges: Map<string, number>;
}

interface Seen {
  start: number;
  end: number;
  ok: boolean;
  snapshotId: string;
}

const q = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((x, y) => x - y);
  return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 10) / 10;
};

export default defineCase<State>({
  name: `faults: publish a ${EXTRA_ROWS.toLocaleString("en")}-customer snapshot while ${READERS} clients read /v1/customers`,
  target: "0 failed requests; every answer from one complete snapshot; switch ≤ 2 s after the rename",
  runs: 1,
  warmup: 0,
  async setup() {
    const served = await buildServedModel();
    const store = openSnapshotStore(served.snapshotsDir);
    const [a] = await store.list();
    const snapshot = await store.open(a.id);
    const ids = (snapshot.table.array("customerID") as string[]).slice(0, 100);
    return {
      served,
      a,
      charges: new Map(ids.map((id) => [id, snapshot.lookup(id)!.customer.MonthlyCharges])),
    };
  },
  async run({ served, a, charges }, ctx) {
    const s = await startTestServer(
      served,
      { ENGAGETRACK_SNAPSHOT_POLL_SECONDS: "0.05", ENGAGETRACK_API_RATE_LIMIT: "1000000" },
      { processMetrics: false },
      "bench-publish",
    );
    const ids = [...charges.keys()];
    const seen: Seen[][] = Array.from({ length: READERS }, () => []);
    let stop = false;
    const reader = async (r: number) => {
      for (let i = r; !stop; i += READERS) {
        const id = ids[i % ids.length];
        const start = performance.now();
        const res = await fetch(`${s.url}/v1/customers/${id}`, { headers: AUTH });
        const text = await res.text();
        const end = performance.now();
        if (res.status !== 200) {
          seen[r].push({ start, end, ok: false, snapshotId: `status ${res.status}` });
          continue;
        }
        const body = JSON.parse(text) as {
          snapshot: { id: string };
          profile: { subscription: { monthlyCharges: number } };
        };
        const a0 = charges.get(id)!;
        const expected = body.snapshot.id === a.id ? a0 : Math.round((a0 + 1) * 100) / 100;
        seen[r].push({
          start,
          end,
          ok: body.profile.subscription.monthlyCharges === expected,
          snapshotId: body.snapshot.id,
        });
      }
    };
    let b = "";
    try {
      const reading = Promise.all(Array.from({ length: READERS }, (_, r) => reader(r)));
      const child = startChild(CHILD, [served.snapshotsDir, a.id, String(EXTRA_ROWS)]);
      await child.waitForLine(/^WRITING$/, 60_000);
      const writingAt = performance.now();
      const [, id, writeMs] = (await child.waitForLine(/^PUBLISHED /, 600_000)).split(" ");
      b = id;
      const publishedAt = performance.now();
      while (seen.some((list) => !list.some((x) => x.snapshotId === b)))
        await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 1000)); // a second of answers from B
      stop = true;
      await reading;

      const all = seen.flat();
      const bad = all.filter((x) => !x.ok || (x.snapshotId !== a.id && x.snapshotId !== b));
      const monotonic = seen.every((list) => {
        const first = list.findIndex((x) => x.snapshotId === b);
        return first >= 0 && list.slice(first).every((x) => x.snapshotId === b);
      });
      const switchedAt = Math.min(...seen.map((list) => list.find((x) => x.snapshotId === b)!.end));
      const lat = (xs: Seen[]) => xs.map((x) => x.end - x.start);
      const before = all.filter((x) => x.end < writingAt);
      const during = all.filter((x) => x.start > writingAt && x.end < publishedAt);
      const around = all.filter((x) => x.end > publishedAt && x.start < switchedAt + 100);
      const after = all.filter((x) => x.start > switchedAt + 100);

      // The hash check's cost, loading B in this process with and without it.
      const store = openSnapshotStore(served.snapshotsDir);
      let t = performance.now();
      await store.open(b);
      const loadMs = performance.now() - t;
      t = performance.now();
      await store.open(b, { verify: true });
      const verifyMs = performance.now() - t;

      ctx.report({
        rows: a.rows + EXTRA_ROWS,
        failedOrWrong: bad.length,
        eachClientSwitchedOnce: monotonic ? "yes" : "NO",
        writeSeconds: Number(writeMs) / 1000,
        requestsDuringWrite: during.length,
        requestsDuringWriteFromA: during.filter((x) => x.snapshotId === a.id).length,
        switchAfterRenameSeconds: Math.round(switchedAt - publishedAt) / 1000,
        beforeP50Ms: q(lat(before), 0.5),
        duringWriteP50Ms: q(lat(during), 0.5),
        duringWriteP99Ms: q(lat(during), 0.99),
        aroundSwitchMaxMs: q(lat(around), 1),
        afterP50Ms: q(lat(after), 0.5),
        loadSeconds: Math.round(loadMs) / 1000,
        loadVerifiedSeconds: Math.round(verifyMs) / 1000,
      });
      if (bad.length > 0 || !monotonic) throw new Error(`bad answers: ${JSON.stringify(bad.slice(0, 3))}`);
    } finally {
      stop = true;
      await s.close();
    }
  },
  teardown({ served }) {
    served.remove();
  },
});
