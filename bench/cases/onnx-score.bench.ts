// Scoring 1M customers × 45 features through onnxruntime-node with 100 trees of depth 4, including
// the copy from typed columns into the row-major tensor (done chunk by chunk inside scoreBatch).
// Random full-depth trees stand in for a trained model: same node count, same tensor sizes.
import { defineCase } from "../harness.ts";
import type { FeatureMatrix } from "../../core/src/features/feature-matrix.ts";
import { exportOnnx } from "../../core/src/model/onnx-export.ts";
import { OnnxScorer } from "../../core/src/model/onnx-scorer.ts";
import { randomEnsemble, randomFeatureMatrix } from "../../core/test/model/random-trees.ts";

const N_ROWS = 1_000_000;

export default defineCase<{ scorer: OnnxScorer; matrix: FeatureMatrix }>({
  name: "onnx-score: 1M rows × 45 features, 100 trees depth 4",
  target: "≤ 2 s median",
  runs: 5,
  warmup: 1,
  async setup() {
    const ensemble = randomEnsemble({
      seed: 1,
      nTrees: 100,
      nFeatures: 45,
      minDepth: 4,
      maxDepth: 4,
      earlyLeafRate: 0,
    });
    const matrix = randomFeatureMatrix(ensemble, { seed: 2, nRows: N_ROWS, missingRate: 0.05 });
    const scorer = await OnnxScorer.load(exportOnnx(ensemble));
    return { scorer, matrix };
  },
  async run({ scorer, matrix }, ctx) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const { probability } = await scorer.scoreBatch(matrix);
    if (probability.length !== N_ROWS) throw new Error("wrong row count");
    const cpu = process.cpuUsage(cpu0);
    // CPU seconds (all threads) tell a slow machine from a busy one.
    ctx.report({
      rowsPerSecond: Math.round(N_ROWS / ((performance.now() - t0) / 1000)),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    });
  },
  async teardown({ scorer }) {
    await scorer.release();
  },
});
