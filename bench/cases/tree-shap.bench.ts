// TreeSHAP on one thread: XGBoost's Telco model (100 trees, depth 4, 45 features), 20k rows.
import { defineCase } from "../harness.ts";
import { treeShap } from "../../core/src/explain/tree-shap.ts";
import { missingFixture, treeShapInput } from "./tree-shap-input.ts";

const ROWS = 20_000;

export default defineCase({
  name: "tree-shap: 100 trees depth 4, 45 features, 20k rows, 1 thread",
  target: "≥ 10k rows/s per thread (XGBoost pred_contribs: 10.8k)",
  runs: 5,
  warmup: 1,
  skip: missingFixture,
  setup: () => treeShapInput(ROWS),
  run({ ensemble, matrix }, ctx) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { margin } = treeShap(ensemble, matrix);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (margin.length !== ROWS) throw new Error(`explained ${margin.length} rows, expected ${ROWS}`);
    ctx.report({
      rowsPerSecond: Math.round(ROWS / seconds),
      // CPU time: the per-thread rate even when other processes share the cores.
      rowsPerCpuSecond: Math.round(ROWS / ((cpu.user + cpu.system) / 1e6)),
    });
  },
});
