/**
 * Issue 4's scale target: 1M simulated customers read and validated from CSV, scored through
 * onnxruntime-node, explained with exact TreeSHAP (grouped drivers for every customer) and written
 * as a snapshot. Target: ≤ 60 s on 2 cores (issue 22; issue 4 asked ≤ 5 minutes), peak RSS ≤ 4 GB,
 * the snapshot's bytes unchanged (snapshotSha256). The model is the default recipe
 * trained on 20k simulated customers (setup, untimed).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { defineCase } from "../harness.ts";
import { simulateCustomers, writeSimulatedCsv } from "../../core/src/data/index.ts";
import { saveModel } from "../../core/src/model/index.ts";
import { trainCustomerModel } from "../../core/src/model/train-customer-model.ts";
import { openChurnModel, scoreCustomers, type ChurnModel } from "../../core/src/score/index.ts";
import { createSnapshotWriter } from "../../core/src/snapshot/index.ts";
import { readCustomerInput } from "../../cli/customer-input.ts";

const ROWS = 1_000_000;

export default defineCase<{ dir: string; csv: string; model: ChurnModel; run: number }>({
  name: "score + explain + snapshot, 1M customers",
  target: "≤ 60 s median on 2 cores (issue 22), peak RSS ≤ 4096 MiB",
  runs: 3,
  warmup: 0,
  setup: async () => {
    const dir = mkdtempSync(join(tmpdir(), "engagetrack-bench-score1m-"));
    const csv = join(dir, "customers.csv");
    await writeSimulatedCsv(csv, { rows: ROWS, seed: 7 });
    const train = [...simulateCustomers({ rows: 20_000, seed: 8 })];
    await saveModel(
      join(dir, "model"),
      trainCustomerModel(train, { name: "bench", dataSha256: null, seed: 1 }),
    );
    return { dir, csv, model: await openChurnModel(join(dir, "model")), run: 0 };
  },
  run: async (state, ctx) => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const writer = await createSnapshotWriter({
      dir: join(state.dir, "snapshots"),
      id: `run-${state.run++}`,
      model: { name: "bench", hash: state.model.hash },
      dataHash: "0".repeat(64),
      clock: () => new Date(0),
    });
    let scoreSeconds = 0;
    const summary = await readCustomerInput(
      state.csv,
      async (customers, firstRow) => {
        const s0 = performance.now();
        const batch = await scoreCustomers(state.model, customers, { firstRow });
        scoreSeconds += (performance.now() - s0) / 1000;
        await writer.append(batch);
      },
      { quiet: true, quarantine: false, batchSize: 50_000 },
    );
    const manifest = await writer.finish();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    ctx.report({
      // Every thread of the process (main, TreeSHAP workers, onnxruntime's): what other jobs on
      // a shared machine change least.
      cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
      rows: summary.accepted,
      rowsPerSecond: Math.round(summary.accepted / seconds),
      scoreExplainSeconds: +scoreSeconds.toFixed(1),
      trees: state.model.ensemble.trees.length,
      load: loadavg()
        .map((x) => x.toFixed(1))
        .join(" "),
      // Equal before and after a change to scoring means byte-identical output.
      snapshotSha256: manifest.file.sha256,
    });
  },
  teardown: async (state) => {
    await state.model.release();
    rmSync(state.dir, { recursive: true, force: true });
  },
});
