/**
 * The simulator at scale: 1M customers streamed to a temporary CSV. Peak RSS shows the memory stays
 * bounded (rows are generated, formatted and written a chunk at a time); rows/s is the throughput.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineCase } from "../harness.ts";
import { writeSimulatedCsv } from "../../core/src/data/index.ts";

const ROWS = 1_000_000;

export default defineCase({
  name: "simulate 1M rows to CSV",
  target: "peak RSS well under 500 MiB (bounded memory)",
  runs: 3,
  warmup: 0,
  setup: () => ({ dir: mkdtempSync(join(tmpdir(), "engagetrack-bench-simulate-")), run: 0 }),
  run: async (state, ctx) => {
    const path = join(state.dir, `customers-${state.run++}.csv`);
    const t0 = performance.now();
    const summary = await writeSimulatedCsv(path, { rows: ROWS, seed: 2026 });
    const seconds = (performance.now() - t0) / 1000;
    ctx.report({
      rowsPerSecond: Math.round(ROWS / seconds),
      fileMiB: +(statSync(path).size / 2 ** 20).toFixed(1),
      churnRate: +summary.churnRate.toFixed(4),
    });
    rmSync(path);
  },
  teardown: (state) => rmSync(state.dir, { recursive: true, force: true }),
});
