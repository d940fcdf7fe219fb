// TreeSHAP through the worker pool on 2 threads: same model as tree-shap.bench.ts, 100k rows.
import { defineCase } from "../harness.ts";
import { createShapPool, type ShapPool } from "../../core/src/explain/shap-pool.ts";
import { missingFixture, treeShapInput } from "./tree-shap-input.ts";

const ROWS = 100_000;
const THREADS = 2;

export default defineCase({
  name: `tree-shap pool: 100 trees depth 4, 45 features, 100k rows, ${THREADS} worker threads`,
  target: "≥ 10k rows/s per thread",
  runs: 5,
  warmup: 1,
  skip: missingFixture,
  setup: () => ({ ...treeShapInput(ROWS), pool: createShapPool({ size: THREADS }) as ShapPool }),
  async run({ ensemble, matrix, pool }, ctx) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { margin } = await pool.treeShap(ensemble, matrix);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (margin.length !== ROWS) throw new Error(`explained ${margin.length} rows, expected ${ROWS}`);
    ctx.report({
      rowsPerSecond: Math.round(ROWS / seconds),
      // CPU time over all threads: the per-thread rate even when other processes share the cores.
      rowsPerCpuSecond: Math.round(ROWS / ((cpu.user + cpu.system) / 1e6)),
      rowsPerSecondPerThread: Math.round(ROWS / seconds / THREADS),
    });
  },
  teardown: ({ pool }) => pool.close(),
});
