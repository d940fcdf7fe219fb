// Batch probabilities from the flat evaluator (onnxruntime's float32 sums and logistic reproduced)
// against onnxruntime-node itself, on random trees with missing values and rows on thresholds:
// bit for bit, with onnxruntime asked only for a 64-row sample; a disagreement is an error, a
// last-bit difference sends the batch through onnxruntime.
import { afterAll, describe, expect, it } from "vitest";
import type { FeatureMatrix } from "../../src/features/feature-matrix.ts";
import {
  CROSS_CHECK_ROWS,
  flatBatchProbabilities,
  type OnnxProbabilities,
} from "../../src/model/flat-batch-probabilities.ts";
import { exportOnnx } from "../../src/model/onnx-export.ts";
import { DEFAULT_CHUNK_ROWS, DEFAULT_SESSION_OPTIONS, OnnxScorer } from "../../src/model/onnx-scorer.ts";
import type { TreeEnsemble } from "../../src/model/tree.ts";
import { randomEnsemble, randomFeatureMatrix } from "./random-trees.ts";

const scorers: OnnxScorer[] = [];
afterAll(async () => {
  for (const s of scorers) await s.release();
});

/** onnxruntime's probabilities for the ensemble's ONNX file, counting the rows it was asked for. */
async function onnxFor(ensemble: TreeEnsemble, options: { chunkRows?: number; threads?: number } = {}) {
  const scorer = await OnnxScorer.load(exportOnnx(ensemble), {
    chunkRows: options.chunkRows,
    sessionOptions: { intraOpNumThreads: options.threads ?? DEFAULT_SESSION_OPTIONS.intraOpNumThreads },
  });
  scorers.push(scorer);
  const calls: number[] = [];
  const onnx: OnnxProbabilities = async (m: FeatureMatrix) => {
    calls.push(m.nRows);
    return (await scorer.scoreBatch(m)).probability;
  };
  return { scorer, onnx, calls };
}

const CASES = [
  {
    name: "100 trees of depth 4",
    ensemble: randomEnsemble({
      seed: 21,
      nTrees: 100,
      nFeatures: 15,
      minDepth: 4,
      maxDepth: 4,
      earlyLeafRate: 0,
    }),
  },
  {
    name: "200 trees of depth 1–8",
    ensemble: randomEnsemble({
      seed: 22,
      nTrees: 200,
      nFeatures: 10,
      minDepth: 1,
      maxDepth: 8,
      valueScale: 0.3,
    }),
  },
  {
    name: "20 trees of depth 9–10 (node by node)",
    ensemble: randomEnsemble({
      seed: 23,
      nTrees: 20,
      nFeatures: 7,
      minDepth: 9,
      maxDepth: 10,
      valueScale: 0.4,
    }),
  },
  {
    name: "non-negative leaves",
    ensemble: randomEnsemble({
      seed: 24,
      nTrees: 30,
      nonNegativeLeaves: true,
      valueScale: 0.3,
      baseMargin: -3,
    }),
  },
  { name: "a lone leaf", ensemble: randomEnsemble({ seed: 25, nTrees: 1, minDepth: 0, maxDepth: 0 }) },
];

describe("flatBatchProbabilities", () => {
  describe.each(CASES)("$name", ({ ensemble }) => {
    it.each([
      [2, DEFAULT_CHUNK_ROWS, 3000],
      [2, 1000, 2530],
      [1, DEFAULT_CHUNK_ROWS, 1200],
    ])(
      "gives onnxruntime's probabilities bit for bit (%i threads, runs of %i rows, %i rows), asking it for a sample only",
      async (threads, chunkRows, rows) => {
        const matrix = randomFeatureMatrix(ensemble, {
          seed: rows + threads,
          nRows: rows,
          missingRate: 0.15,
        });
        const { scorer, onnx, calls } = await onnxFor(ensemble, { chunkRows, threads });
        const got = await flatBatchProbabilities(ensemble, matrix, onnx, { threads, chunkRows }, "m");
        expect(got).toMatchObject({ source: "trees", sampleDiffered: false });
        expect(calls).toEqual([CROSS_CHECK_ROWS]);
        const want = (await scorer.scoreBatch(matrix)).probability;
        expect(Buffer.from(got.probability.buffer).equals(Buffer.from(want.buffer))).toBe(true);
      },
    );
  });

  it("leaves batches of up to 64 rows to onnxruntime", async () => {
    const { ensemble } = CASES[0];
    const matrix = randomFeatureMatrix(ensemble, { seed: 1, nRows: CROSS_CHECK_ROWS, missingRate: 0.1 });
    const { scorer, onnx, calls } = await onnxFor(ensemble);
    const got = await flatBatchProbabilities(
      ensemble,
      matrix,
      onnx,
      { threads: 2, chunkRows: DEFAULT_CHUNK_ROWS },
      "m",
    );
    expect(got.source).toBe("onnx");
    expect(calls).toEqual([CROSS_CHECK_ROWS]);
    expect(Array.from(got.probability)).toEqual(Array.from((await scorer.scoreBatch(matrix)).probability));
  });

  it("fails loudly when onnxruntime scores other trees than the ensemble", async () => {
    const { ensemble } = CASES[0];
    const other = randomEnsemble({ seed: 99, nTrees: 100, nFeatures: 15, minDepth: 4, maxDepth: 4 });
    const matrix = randomFeatureMatrix(ensemble, { seed: 2, nRows: 500, missingRate: 0.1 });
    const { onnx } = await onnxFor({ ...other, featureNames: ensemble.featureNames });
    await expect(
      flatBatchProbabilities(
        ensemble,
        matrix,
        onnx,
        { threads: 2, chunkRows: DEFAULT_CHUNK_ROWS },
        "churn-v3",
      ),
    ).rejects.toThrow(
      /^probability cross-check failed: row 0 has p = [0-9.e-]+ from onnxruntime but [0-9.e-]+ from the trees of model churn-v3$/,
    );
  });

  it("scores the whole batch through onnxruntime when the sample differs in the last bits only", async () => {
    const { ensemble } = CASES[0];
    const matrix = randomFeatureMatrix(ensemble, { seed: 3, nRows: 900, missingRate: 0.1 });
    const { scorer, onnx, calls } = await onnxFor(ensemble);
    const lastBits: OnnxProbabilities = async (m) => {
      const p = await onnx(m);
      return m.nRows === CROSS_CHECK_ROWS ? p.map((x) => Math.fround(x * (1 + 2 ** -23))) : p;
    };
    const got = await flatBatchProbabilities(
      ensemble,
      matrix,
      lastBits,
      { threads: 2, chunkRows: DEFAULT_CHUNK_ROWS },
      "m",
    );
    expect(got).toMatchObject({ source: "onnx", sampleDiffered: true });
    expect(calls).toEqual([CROSS_CHECK_ROWS, 900]);
    expect(Array.from(got.probability)).toEqual(Array.from((await scorer.scoreBatch(matrix)).probability));
  });

  it("refuses a matrix whose features are not the model's, naming the first difference", async () => {
    const { ensemble } = CASES[0];
    const matrix = randomFeatureMatrix(ensemble, { seed: 4, nRows: 200 });
    const swapped = { ...matrix, featureNames: ["x", ...matrix.featureNames.slice(1)] };
    const { onnx } = await onnxFor(ensemble);
    await expect(
      flatBatchProbabilities(ensemble, swapped, onnx, { threads: 2, chunkRows: DEFAULT_CHUNK_ROWS }, "m"),
    ).rejects.toThrow('input feature 0 is "x", the model expects "f0"');
  });
});
