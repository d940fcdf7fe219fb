// The flat-array evaluator against onnxruntime-node (the served model) and the in-memory walks.
// What is compared, bit for bit:
// - "onnxruntime" sums (float32, onnxruntime's summation order) against onnxruntime's own float32
//   score, read from the same model with post_transform NONE (its `probabilities` are then
//   [−score, score]), and, through onnxruntime's float32 logistic, against its LOGISTIC
//   `probabilities[1]` — in runs of 1, ≤ 50 and > 50 rows, with 1 and 2 intra-op threads;
// - "xgboost" sums (float32 from the base margin, trees in order) against predictMargin, which
//   reproduces XGBoost 1.7.4's output_margin on the Telco fixture;
// - "float64" sums against TreeSHAP's margin (the snapshot's margin column).
// Random trees have missing values, rows exactly on thresholds and the float32 just below them.
import onnxProto from "onnx-proto";
import * as ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { treeShap } from "../../src/explain/tree-shap.ts";
import { toRowMajor, type FeatureMatrix } from "../../src/features/feature-matrix.ts";
import { evaluateFlatEnsemble } from "../../src/model/evaluate-flat-ensemble.ts";
import { flattenEnsemble } from "../../src/model/flat-ensemble.ts";
import { exportOnnx } from "../../src/model/onnx-export.ts";
import { DEFAULT_SESSION_OPTIONS } from "../../src/model/onnx-scorer.ts";
import { onnxruntimeLogistic } from "../../src/model/onnxruntime-logistic.ts";
import { predictMargin } from "../../src/model/predict.ts";
import type { TreeEnsemble } from "../../src/model/tree.ts";
import { importXgboostModel } from "../../src/model/xgboost-import.ts";
import { fixtureModelJson, fixturePresent, fixtureSample } from "./fixture.ts";
import { randomEnsemble, randomFeatureMatrix } from "./random-trees.ts";

const { onnx } = onnxProto;
const sessions: ort.InferenceSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.release();
});

/** A session over the exported model; `transform` NONE makes `probabilities` [−score, score]. */
async function session(ensemble: TreeEnsemble, threads: number, transform: "LOGISTIC" | "NONE") {
  const model = onnx.ModelProto.decode(exportOnnx(ensemble));
  const post = model.graph!.node![0].attribute!.find((a) => a.name === "post_transform")!;
  post.s = new TextEncoder().encode(transform);
  const s = await ort.InferenceSession.create(onnx.ModelProto.encode(model).finish(), {
    ...DEFAULT_SESSION_OPTIONS,
    intraOpNumThreads: threads,
  });
  sessions.push(s);
  return s;
}

/** `probabilities[1]` of every row, run by run of `chunkRows` rows. */
async function onnxColumn1(s: ort.InferenceSession, m: FeatureMatrix, chunkRows: number) {
  const nf = m.featureNames.length;
  const rows = toRowMajor(m);
  const out = new Float32Array(m.nRows);
  for (let start = 0; start < m.nRows; start += chunkRows) {
    const end = Math.min(m.nRows, start + chunkRows);
    const input = new ort.Tensor("float32", rows.subarray(start * nf, end * nf), [end - start, nf]);
    const p = (await s.run({ input }, ["probabilities"])).probabilities.data as Float32Array;
    for (let i = start; i < end; i++) out[i] = p[2 * (i - start) + 1];
  }
  return out;
}

const CASES: { name: string; ensemble: TreeEnsemble; rows: number }[] = [
  {
    name: "100 trees of depth 4",
    ensemble: randomEnsemble({
      seed: 1,
      nTrees: 100,
      nFeatures: 20,
      minDepth: 4,
      maxDepth: 4,
      earlyLeafRate: 0,
    }),
    rows: 4000,
  },
  {
    name: "300 trees of depth 1–8",
    ensemble: randomEnsemble({
      seed: 2,
      nTrees: 300,
      nFeatures: 12,
      minDepth: 1,
      maxDepth: 8,
      valueScale: 0.3,
    }),
    rows: 2000,
  },
  {
    name: "30 trees of depth 9–11 (walked node by node, past the complete-tree layout)",
    ensemble: randomEnsemble({
      seed: 7,
      nTrees: 30,
      nFeatures: 9,
      minDepth: 9,
      maxDepth: 11,
      valueScale: 0.3,
    }),
    rows: 1500,
  },
  {
    name: "81 trees (one more than onnxruntime's by-tree limit for one row)",
    ensemble: randomEnsemble({ seed: 3, nTrees: 81, nFeatures: 6, maxDepth: 5, valueScale: 2 }),
    rows: 2000,
  },
  {
    name: "1500 stumps (the default recipe's shape)",
    ensemble: randomEnsemble({
      seed: 4,
      nTrees: 1500,
      nFeatures: 30,
      minDepth: 1,
      maxDepth: 1,
      valueScale: 0.2,
    }),
    rows: 2000,
  },
  {
    name: "non-negative leaves",
    ensemble: randomEnsemble({
      seed: 5,
      nTrees: 40,
      nonNegativeLeaves: true,
      valueScale: 0.3,
      baseMargin: -3,
    }),
    rows: 1000,
  },
  {
    name: "lone leaves",
    ensemble: randomEnsemble({ seed: 6, nTrees: 3, minDepth: 0, maxDepth: 0 }),
    rows: 200,
  },
];

describe("evaluateFlatEnsemble", () => {
  describe.each(CASES)("$name", ({ ensemble, rows }) => {
    const matrix = randomFeatureMatrix(ensemble, { seed: rows + 7, nRows: rows, missingRate: 0.15 });
    const flat = flattenEnsemble(ensemble);

    it.each([
      [2, 65_536],
      [2, 64],
      [2, 50],
      [2, 1],
      [1, 65_536],
    ])(
      "gives onnxruntime's float32 score and probability bit for bit (%i threads, runs of %i rows)",
      async (threads, chunkRows) => {
        const n = chunkRows === 1 ? Math.min(rows, 300) : rows;
        const m = { ...matrix, nRows: n, columns: matrix.columns.map((c) => c.subarray(0, n)) };
        const score = evaluateFlatEnsemble(flat, m.columns, n, {
          sum: "onnxruntime",
          onnxruntime: { threads, chunkRows },
        });
        const onnxScore = await onnxColumn1(await session(ensemble, threads, "NONE"), m, chunkRows);
        expect(Array.from(score)).toEqual(Array.from(onnxScore));
        const onnxP = await onnxColumn1(await session(ensemble, threads, "LOGISTIC"), m, chunkRows);
        let undecided = 0;
        for (let i = 0; i < n; i++) {
          const p = onnxruntimeLogistic(score[i]);
          if (p !== p) undecided++;
          else if (p !== onnxP[i]) expect.fail(`row ${i}: p ${p} here, ${onnxP[i]} from onnxruntime`);
        }
        expect(undecided).toBe(0);
      },
    );

    it("gives predictMargin's float32 XGBoost sums and TreeSHAP's float64 margins bit for bit", () => {
      const xgb = evaluateFlatEnsemble(flat, matrix.columns, rows, { sum: "xgboost" });
      expect(Array.from(xgb)).toEqual(Array.from(predictMargin(ensemble, matrix)));
      const f64 = evaluateFlatEnsemble(flat, matrix.columns, rows);
      expect(Array.from(f64)).toEqual(Array.from(treeShap(ensemble, matrix).margin));
    });
  });

  it.skipIf(!fixturePresent)(
    "reproduces XGBoost 1.7.4's Telco margins and onnxruntime's probabilities",
    async () => {
      const { ensemble } = importXgboostModel(fixtureModelJson());
      const { matrix, xgbMargin } = fixtureSample();
      const flat = flattenEnsemble(ensemble);
      const xgb = evaluateFlatEnsemble(flat, matrix.columns, matrix.nRows, { sum: "xgboost" });
      expect(Array.from(xgb)).toEqual(Array.from(predictMargin(ensemble, matrix)));
      // The fixture's CSV holds XGBoost's margins to its printed precision.
      xgbMargin.forEach((m, i) => expect(Math.abs(xgb[i] - m)).toBeLessThan(1e-6));
      const score = evaluateFlatEnsemble(flat, matrix.columns, matrix.nRows, {
        sum: "onnxruntime",
        onnxruntime: { threads: 2, chunkRows: 65_536 },
      });
      const onnxP = await onnxColumn1(await session(ensemble, 2, "LOGISTIC"), matrix, 65_536);
      expect(Array.from(score, (s) => onnxruntimeLogistic(s))).toEqual(Array.from(onnxP));
    },
  );

  it("refuses input that does not fit, naming what is wrong", () => {
    const ensemble = randomEnsemble({ seed: 9, nFeatures: 3 });
    const flat = flattenEnsemble(ensemble);
    const m = randomFeatureMatrix(ensemble, { seed: 10, nRows: 4 });
    expect(() => evaluateFlatEnsemble(flat, m.columns.slice(0, 2), 4)).toThrow(
      "input has 2 columns, the model 3 features",
    );
    expect(() => evaluateFlatEnsemble(flat, m.columns, 5)).toThrow("input column 0 has 4 rows, not 5");
    expect(() => evaluateFlatEnsemble(flat, m.columns, 4, { sum: "onnxruntime" })).toThrow(
      'sum "onnxruntime" needs the session\'s threads and chunkRows',
    );
  });
});
