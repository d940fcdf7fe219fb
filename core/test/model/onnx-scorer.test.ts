import { afterAll, describe, expect, it } from "vitest";
import { toRowMajor } from "../../src/features/feature-matrix.ts";
import { exportOnnx } from "../../src/model/onnx-export.ts";
import { OnnxScorer } from "../../src/model/onnx-scorer.ts";
import { predictMargin } from "../../src/model/predict.ts";
import type { TreeEnsemble } from "../../src/model/tree.ts";
import { importXgboostModel } from "../../src/model/xgboost-import.ts";
import { fixtureModelJson, fixturePresent, fixtureSample } from "./fixture.ts";
import { randomEnsemble, randomFeatureMatrix, referenceMargin } from "./random-trees.ts";

const scorers: OnnxScorer[] = [];
async function scorerFor(ensemble: TreeEnsemble, options: Parameters<typeof OnnxScorer.load>[1] = {}) {
  const scorer = await OnnxScorer.load(exportOnnx(ensemble), options);
  scorers.push(scorer);
  return scorer;
}
afterAll(async () => {
  for (const s of scorers) await s.release();
});

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));

describe("OnnxScorer", () => {
  it.skipIf(!fixturePresent)("reproduces XGBoost's xgb_prob to 1e-6 on all 310 Telco rows", async () => {
    const { ensemble } = importXgboostModel(fixtureModelJson());
    const { matrix, xgbProb, xgbMargin } = fixtureSample();
    const scorer = await scorerFor(ensemble);
    const { probability, margin } = await scorer.scoreBatch(matrix);
    expect(probability).toHaveLength(310);
    let worstP = 0;
    let worstM = 0;
    xgbProb.forEach((p, i) => {
      worstP = Math.max(worstP, Math.abs(probability[i] - p));
      worstM = Math.max(worstM, Math.abs(margin[i] - xgbMargin[i]));
    });
    expect(worstP).toBeLessThan(1e-6);
    // Fixture margins lie within ±5, where logit(p) of a float32 p stays close.
    expect(worstM).toBeLessThan(2e-5);
  });

  it("agrees with the in-memory trees on random ensembles (depth 1–8, missing values, x == threshold)", async () => {
    for (const seed of [21, 22, 23, 24]) {
      const ensemble = randomEnsemble({
        seed,
        nTrees: 50,
        nFeatures: 10,
        minDepth: 1,
        maxDepth: 8,
        valueScale: 0.2,
      });
      const matrix = randomFeatureMatrix(ensemble, { seed: seed * 7, nRows: 3000, missingRate: 0.2 });
      const exact = referenceMargin(ensemble, matrix);
      const scorer = await scorerFor(ensemble);
      const { probability, margin } = await scorer.scoreBatch(matrix);
      for (let i = 0; i < matrix.nRows; i++) {
        expect(Math.abs(probability[i] - sigmoid(exact[i]))).toBeLessThan(1e-6);
        if (Math.abs(exact[i]) < 5) expect(Math.abs(margin[i] - exact[i])).toBeLessThan(1e-4);
      }
    }
  });

  it("gives p = sigmoid(margin) when every leaf is non-negative, and for lone-leaf trees", async () => {
    const positive = randomEnsemble({
      seed: 31,
      nTrees: 5,
      nonNegativeLeaves: true,
      valueScale: 0.3,
      baseMargin: -1,
    });
    const lone = randomEnsemble({ seed: 32, nTrees: 4, minDepth: 0, maxDepth: 0 });
    const none = { ...lone, trees: [] };
    for (const ensemble of [positive, lone, none]) {
      const matrix = randomFeatureMatrix(ensemble, { seed: 33, nRows: 200 });
      const exact = referenceMargin(ensemble, matrix);
      const { probability } = await (await scorerFor(ensemble)).scoreBatch(matrix);
      for (let i = 0; i < matrix.nRows; i++)
        expect(Math.abs(probability[i] - sigmoid(exact[i]))).toBeLessThan(1e-6);
    }
  });

  it("gives the same scores in chunks, from a row-major array, and with exact margins", async () => {
    const ensemble = randomEnsemble({ seed: 41, nTrees: 20, nFeatures: 5 });
    const matrix = randomFeatureMatrix(ensemble, { seed: 42, nRows: 1001 });
    const whole = await (await scorerFor(ensemble)).scoreBatch(matrix);
    const chunked = await scorerFor(ensemble, { chunkRows: 100 });
    expect(await chunked.scoreBatch(matrix)).toEqual(whole);
    expect(await chunked.scoreBatch(toRowMajor(matrix), matrix.nRows)).toEqual(whole);
    const exactScorer = await scorerFor(ensemble, { margin: "exact", chunkRows: 300 });
    const exact = await exactScorer.scoreBatch(matrix);
    expect(exact.probability).toEqual(whole.probability);
    expect(Array.from(exact.margin)).toEqual(Array.from(predictMargin(ensemble, matrix)));
    expect(Array.from((await exactScorer.scoreBatch(toRowMajor(matrix))).margin)).toEqual(
      Array.from(exact.margin),
    );
    expect((await chunked.scoreBatch(new Float32Array(0))).probability).toHaveLength(0);
  });

  it("refuses input that does not fit the model", async () => {
    const ensemble = randomEnsemble({ seed: 51, nFeatures: 3 });
    const scorer = await scorerFor(ensemble);
    const matrix = randomFeatureMatrix(ensemble, { seed: 52, nRows: 4 });
    await expect(scorer.scoreBatch({ ...matrix, featureNames: ["f1", "f0", "f2"] })).rejects.toThrow(
      'input feature 0 is "f1", the model expects "f0"',
    );
    await expect(scorer.scoreBatch(new Float32Array(10))).rejects.toThrow(
      "row-major input has 10 values, expected a multiple of 3",
    );
    await expect(scorer.scoreBatch({ ...matrix, nRows: 5 })).rejects.toThrow(
      "input column f0 has 4 rows, not 5",
    );
    await expect(scorer.scoreBatch(new Float32Array(12), 5)).rejects.toThrow(
      "row-major input has 12 values, expected 5 × 3",
    );
  });
});
