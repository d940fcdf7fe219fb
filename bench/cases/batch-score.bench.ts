/**
 * Issue 22's scoring row: 1M rows × 61 features, 100 trees of depth 4 (a real XGBoost 1.7.4 model
 * trained by bench/cases/xgboost-batch.py on the same matrix), one thread each, alternating in
 * every run: our flat evaluator (evaluate-flat-ensemble.ts, XGBoost's float32 sum and
 * onnxruntime's), ChurnModel.score's batch path (flat-batch-probabilities.ts: onnxruntime's
 * sums and logistic from the trees plus a 64-row onnxruntime cross-check), onnxruntime-node (1 and 2 intra-op threads, with the row-major copy its input
 * needs), and XGBoost's own `predict(output_margin=True)` (a Python process per run; its time is
 * the predict call alone, the DMatrix built before it). Reports medians over the runs so far
 * (wall and CPU seconds: CPU is what the other jobs on the machine change least), the ratios, and
 * whether our margins equal XGBoost's bit for bit on the first 2000 rows. Skips without python3-xgboost.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { defineCase, median } from "../harness.ts";
import type { FeatureMatrix } from "../../core/src/features/feature-matrix.ts";
import { evaluateFlatEnsemble } from "../../core/src/model/evaluate-flat-ensemble.ts";
import { flatBatchProbabilities } from "../../core/src/model/flat-batch-probabilities.ts";
import { flattenEnsemble } from "../../core/src/model/flat-ensemble.ts";
import { exportOnnx } from "../../core/src/model/onnx-export.ts";
import { OnnxScorer } from "../../core/src/model/onnx-scorer.ts";
import type { TreeEnsemble } from "../../core/src/model/tree.ts";
import { importXgboostModel } from "../../core/src/model/xgboost-import.ts";

const ROWS = Number(process.env.ENGAGETRACK_BENCH_ROWS ?? 1_000_000);
const FEATURES = 61;
const PYTHON = process.env.ENGAGETRACK_BENCH_PYTHON ?? "/usr/bin/python3";
const SCRIPT = join(import.meta.dirname, "xgboost-batch.py");

interface State {
  dir: string;
  ensemble: TreeEnsemble;
  matrix: FeatureMatrix;
  onnx1: OnnxScorer;
  onnx2: OnnxScorer;
  samples: Record<string, number[]>;
}

function timed(f: () => unknown): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

async function timedAsync(f: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

export default defineCase<State>({
  name: `batch scoring: ${ROWS.toLocaleString("en-US")} rows × ${FEATURES} features, 100 trees depth 4, per thread: flat evaluator vs onnxruntime vs XGBoost 1.7.4`,
  target: "flat evaluator ≥ XGBoost's rows/s per thread",
  runs: 3,
  warmup: 0,
  skip: () => {
    try {
      execFileSync(PYTHON, ["-c", "import xgboost"], { stdio: "ignore" });
      return undefined;
    } catch {
      return `no python3-xgboost at ${PYTHON}`;
    }
  },
  async setup() {
    const dir = mkdtempSync(join(tmpdir(), "engagetrack-bench-batch-"));
    execFileSync(PYTHON, [SCRIPT, "train", dir, String(ROWS), String(FEATURES)], { stdio: "inherit" });
    const { ensemble } = importXgboostModel(JSON.parse(readFileSync(join(dir, "model.json"), "utf8")));
    const rows = new Float32Array(readFileSync(join(dir, "x.f32")).buffer.slice(0));
    const columns = Array.from({ length: FEATURES }, (_, j) => {
      const col = new Float32Array(ROWS);
      for (let i = 0, k = j; i < ROWS; i++, k += FEATURES) col[i] = rows[k];
      return col;
    });
    const matrix = { nRows: ROWS, featureNames: ensemble.featureNames, columns };
    const bytes = exportOnnx(ensemble);
    const onnx1 = await OnnxScorer.load(bytes, { sessionOptions: { intraOpNumThreads: 1 } });
    const onnx2 = await OnnxScorer.load(bytes);
    return { dir, ensemble, matrix, onnx1, onnx2, samples: {} };
  },
  async run(state, ctx) {
    const { ensemble, matrix } = state;
    const flat = flattenEnsemble(ensemble);
    const add = (key: string, v: number) => (state.samples[key] ??= []).push(v);
    let ours!: Float64Array;
    const a = timed(() => (ours = evaluateFlatEnsemble(flat, matrix.columns, ROWS, { sum: "xgboost" })));
    add("flatSeconds", a.wall);
    add("flatCpu", a.cpu);
    const b = timed(() =>
      evaluateFlatEnsemble(flat, matrix.columns, ROWS, {
        sum: "onnxruntime",
        onnxruntime: { threads: 2, chunkRows: 65_536 },
      }),
    );
    add("flatOnnxSumSeconds", b.wall);
    const c = await timedAsync(() => state.onnx1.scoreBatch(matrix));
    add("onnx1Seconds", c.wall);
    add("onnx1Cpu", c.cpu);
    let onnxP!: Float64Array;
    const d = await timedAsync(async () => (onnxP = (await state.onnx2.scoreBatch(matrix)).probability));
    add("onnx2Seconds", d.wall);
    add("onnx2Cpu", d.cpu);
    // ChurnModel.score's path: the flat evaluator's onnxruntime sums and logistic, a 64-row
    // onnxruntime cross-check (plus any close-call rows) on the 2-thread session.
    let pathP!: Float64Array;
    let pathSource = "";
    const e = await timedAsync(async () => {
      const r = await flatBatchProbabilities(
        ensemble,
        matrix,
        async (m) => (await state.onnx2.scoreBatch(m)).probability,
        { threads: 2, chunkRows: 65_536 },
        "bench",
      );
      pathP = r.probability;
      pathSource = r.source;
    });
    add("pathSeconds", e.wall);
    add("pathCpu", e.cpu);
    const pathSame = Buffer.from(pathP.buffer).equals(Buffer.from(onnxP.buffer));
    const out = JSON.parse(
      execFileSync(PYTHON, [SCRIPT, "predict", state.dir, "1"], { encoding: "utf8", maxBuffer: 2 ** 26 }),
    ) as { predictSeconds: number; predictCpuSeconds: number; head: number[] };
    add("xgboostSeconds", out.predictSeconds);
    add("xgboostCpu", out.predictCpuSeconds);
    const differ = out.head.filter((m, i) => Math.fround(m) !== ours[i]).length;
    const med = (k: string) => median(state.samples[k]);
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    ctx.report({
      runsSoFar: state.samples.flatSeconds.length,
      load: loadavg()
        .map((x) => x.toFixed(1))
        .join(" "),
      flatSeconds: r3(med("flatSeconds")),
      flatCpu: r3(med("flatCpu")),
      flatOnnxSumSeconds: r3(med("flatOnnxSumSeconds")),
      onnx1Seconds: r3(med("onnx1Seconds")),
      onnx1Cpu: r3(med("onnx1Cpu")),
      onnx2Seconds: r3(med("onnx2Seconds")),
      onnx2Cpu: r3(med("onnx2Cpu")),
      pathSeconds: r3(med("pathSeconds")),
      pathCpu: r3(med("pathCpu")),
      pathSource,
      pathBytesSameAsOnnxruntime: String(pathSame),
      xgboostSeconds: r3(med("xgboostSeconds")),
      xgboostCpu: r3(med("xgboostCpu")),
      flatRowsPerSecond: Math.round(ROWS / med("flatSeconds")),
      xgboostRowsPerSecond: Math.round(ROWS / med("xgboostSeconds")),
      flatVsXgboostWall: r3(med("xgboostSeconds") / med("flatSeconds")),
      flatVsXgboostCpu: r3(med("xgboostCpu") / med("flatCpu")),
      flatVsOnnx1Cpu: r3(med("onnx1Cpu") / med("flatCpu")),
      pathVsXgboostWall: r3(med("xgboostSeconds") / med("pathSeconds")),
      pathVsXgboostCpu: r3(med("xgboostCpu") / med("pathCpu")),
      marginsDifferingFromXgboost: `${differ} of ${out.head.length}`,
    });
  },
  async teardown(state) {
    await state.onnx1.release();
    await state.onnx2.release();
    rmSync(state.dir, { recursive: true, force: true });
  },
});
