// The snapshot writer on its own: 262,144 synthetic scored customers (made once in setup, so no
// run pays for the generator) are written as a snapshot, in four 64k-row record batches, per run.
// Also reported: the gather step alone (customer objects → one array per column, 64k rows; median
// of 15) and the whole record-batch encoding of 64k rows (median of 15), the two places where the
// writer touches every customer field; and, alternating with the gather in the same process, the
// per-field gather the writer had before snapshots took any contract's columns (a copy below), so
// the two compare under the same load.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineCase, median } from "../harness.ts";
import { createSnapshotWriter, type ScoredBatch } from "../../core/src/snapshot/index.ts";
import { encodeRecordBatch, type Pick } from "../../core/src/snapshot/encode-record-batch.ts";
import { gatherCustomerColumns } from "../../core/src/snapshot/customer-columns.ts";
import { LEGACY_CUSTOMER_LAYOUT } from "../../core/src/snapshot/customer-layout.ts";
import { snapshotLayout } from "../../core/src/snapshot/snapshot-layout.ts";
import type { Customer } from "../../core/src/data/schema.ts";
import { SOURCES, syntheticBatches } from "../../core/test/snapshot/synthetic-scored.ts";

const ROWS = 262_144;
const BATCH_ROWS = 65_536;
const REPEATS = 15;
const WARMUP = 2;

export default defineCase({
  name: "snapshot write: 262k customers (gather + encode + file)",
  target: "gather and encode within 5% of the per-field writer",
  runs: 7,
  warmup: WARMUP,
  setup() {
    const dir = mkdtempSync(join(tmpdir(), "engagetrack-bench-snapshot-write-"));
    const batches = [...syntheticBatches({ rows: ROWS, batchRows: 8_192, seed: 2026 })];
    // One record batch's worth of picks (64k rows over 8 input batches), as the writer builds them.
    const picks: Pick[] = batches
      .slice(0, BATCH_ROWS / 8_192)
      .map((batch) => ({ batch, rows: Int32Array.from({ length: batch.inputRow.length }, (_, i) => i) }));
    const samples = {
      write: [] as number[],
      gather: [] as number[],
      encode: [] as number[],
      perField: [] as number[],
    };
    const layout = snapshotLayout(LEGACY_CUSTOMER_LAYOUT, SOURCES);
    return {
      dir,
      batches,
      picks,
      layout,
      names: layout.customers.columns.map((c) => c.name),
      run: 0,
      samples,
    };
  },
  async run(state, ctx) {
    const writer = await createSnapshotWriter({
      dir: state.dir,
      id: `run-${state.run++}`,
      model: { name: "bench", hash: "bench" },
      dataHash: "bench",
      clock: () => new Date(0),
    });
    const t0 = performance.now();
    for (const batch of state.batches as ScoredBatch[]) await writer.append(batch);
    await writer.finish();
    // Warm-up runs (the first WARMUP) are not sampled.
    const measured = state.run > WARMUP;
    const { write, gather, encode, perField } = measured
      ? state.samples
      : { write: [], gather: [], encode: [], perField: [] };
    write.push(performance.now() - t0);
    for (let k = 0; k < REPEATS; k++) {
      let t = performance.now();
      gatherCustomerColumns(state.names, state.picks, BATCH_ROWS);
      gather.push(performance.now() - t);
      t = performance.now();
      gatherPerField(state.picks, BATCH_ROWS);
      perField.push(performance.now() - t);
      t = performance.now();
      encodeRecordBatch(state.layout, state.picks);
      encode.push(performance.now() - t);
    }
    // Medians over every measured run so far (the last report wins).
    if (measured)
      ctx.report({
        rows: ROWS,
        writeSeconds: +(median(write) / 1000).toFixed(3),
        writeRowsPerSecond: Math.round(ROWS / (median(write) / 1000)),
        gather64kMs: +median(gather).toFixed(2),
        encode64kMs: +median(encode).toFixed(2),
        perFieldGather64kMs: +median(perField).toFixed(2),
        gatherVsPerField: +(median(gather) / median(perField)).toFixed(3),
      });
    rmSync(join(state.dir, `run-${state.run - 1}`), { recursive: true, force: true });
  },
  teardown({ dir }) {
    rmSync(dir, { recursive: true, force: true });
  },
});

/** The writer's gather before contracts (`gatherCustomers`, spelled out per field): the reference. */
function gatherPerField(picks: readonly Pick[], n: number): Record<string, unknown[]> {
  const c: Record<string, unknown[]> = {};
  for (const name of LEGACY_CUSTOMER_LAYOUT.columns.map((col) => col.name)) c[name] = new Array(n);
  let r = 0;
  for (const { batch, rows } of picks) {
    for (const i of rows) {
      const x = batch.customers[i] as Customer;
      c.customerID[r] = x.customerID;
      c.gender[r] = x.gender;
      c.SeniorCitizen[r] = x.SeniorCitizen;
      c.Partner[r] = x.Partner;
      c.Dependents[r] = x.Dependents;
      c.tenure[r] = x.tenure;
      c.PhoneService[r] = x.PhoneService;
      c.MultipleLines[r] = x.MultipleLines;
      c.InternetService[r] = x.InternetService;
      c.OnlineSecurity[r] = x.OnlineSecurity;
      c.OnlineBackup[r] = x.OnlineBackup;
      c.DeviceProtection[r] = x.DeviceProtection;
      c.TechSupport[r] = x.TechSupport;
      c.StreamingTV[r] = x.StreamingTV;
      c.StreamingMovies[r] = x.StreamingMovies;
      c.Contract[r] = x.Contract;
      c.PaperlessBilling[r] = x.PaperlessBilling;
      c.PaymentMethod[r] = x.PaymentMethod;
      c.MonthlyCharges[r] = x.MonthlyCharges;
      c.TotalCharges[r] = x.TotalCharges;
      c.Churn[r] = x.Churn;
      c.persona[r] = x.persona;
      c.planTier[r] = x.planTier;
      c.sessionsPerMonth[r] = x.sessionsPerMonth;
      c.paymentDelayDays[r] = x.paymentDelayDays;
      c.supportCalls90d[r] = x.supportCalls90d;
      c.engagementScore[r] = x.engagementScore;
      c.engagementLevel[r] = x.engagementLevel;
      c.lifecycleStage[r] = x.lifecycleStage;
      c.variant[r] = x.variant;
      c.true_churn_probability[r] = x.true_churn_probability;
      r++;
    }
  }
  return c;
}
