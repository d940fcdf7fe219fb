// A 1M-customer snapshot: write it once in setup (streamed, 64k-row record batches), then each run
// loads it (Arrow IPC → Arquero, customerID index) and looks up 10,000 random customers.
// Reported: write time (writer calls only, not the synthetic data), load time, lookup p50/p95/p99,
// one segment aggregate and one 1M × 1M compare.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineCase } from "../harness.ts";
import { createSnapshotWriter, openSnapshotStore } from "../../core/src/snapshot/index.ts";
import { syntheticBatches, syntheticRow } from "../../core/test/snapshot/synthetic-scored.ts";

const ROWS = 1_000_000;
const LOOKUPS = 10_000;
const SEED = 2026;

export default defineCase({
  name: "snapshot: 1M customers, load + 10k lookups",
  target: "lookup p95 ≤ 1 ms after load",
  runs: 3,
  warmup: 0,
  async setup() {
    const dir = mkdtempSync(join(tmpdir(), "engagetrack-bench-snapshot-"));
    const writer = await createSnapshotWriter({
      dir,
      model: { name: "bench", hash: "bench" },
      dataHash: "bench",
      clock: () => new Date("2026-11-21T00:00:00Z"),
    });
    let writeMs = 0;
    let writeRssMiB = 0;
    for (const batch of syntheticBatches({ rows: ROWS, batchRows: 10_000, seed: SEED })) {
      const t0 = performance.now();
      await writer.append(batch);
      writeMs += performance.now() - t0;
      writeRssMiB = Math.max(writeRssMiB, process.memoryUsage().rss / 2 ** 20);
    }
    const t0 = performance.now();
    const manifest = await writer.finish();
    writeMs += performance.now() - t0;
    // Seeded choice of customers to look up (IDs as the generator makes them).
    let state = SEED;
    const ids = Array.from({ length: LOOKUPS }, () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return syntheticRow(state % ROWS, SEED, []).customer.customerID;
    });
    return { dir, id: manifest.id, ids, writeMs, writeRssMiB, fileMiB: manifest.file.bytes / 2 ** 20 };
  },
  async run({ dir, id, ids, writeMs, writeRssMiB, fileMiB }, ctx) {
    const store = openSnapshotStore(dir);
    const t0 = performance.now();
    const snapshot = await store.open(id);
    const loadMs = performance.now() - t0;
    const times = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const t = performance.now();
      const found = snapshot.lookup(ids[i]);
      times[i] = performance.now() - t;
      if (!found) throw new Error(`lookup missed ${ids[i]}`);
    }
    times.sort();
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    let t = performance.now();
    snapshot.segments("Contract");
    const segmentMs = performance.now() - t;
    t = performance.now();
    snapshot.compare(snapshot);
    const compareMs = performance.now() - t;
    ctx.report({
      rows: snapshot.size,
      fileMiB: +fileMiB.toFixed(1),
      writeSeconds: +(writeMs / 1000).toFixed(2),
      writeRowsPerSecond: Math.round(ROWS / (writeMs / 1000)),
      writeRssMiB: Math.round(writeRssMiB),
      loadSeconds: +(loadMs / 1000).toFixed(3),
      lookupP50Ms: +q(0.5).toFixed(4),
      lookupP95Ms: +q(0.95).toFixed(4),
      lookupP99Ms: +q(0.99).toFixed(4),
      segmentSeconds: +(segmentMs / 1000).toFixed(3),
      compareSeconds: +(compareMs / 1000).toFixed(3),
    });
  },
  teardown({ dir }) {
    rmSync(dir, { recursive: true, force: true });
  },
});
