import { describe, expect, it } from "vitest";
import { predictMargin } from "../../src/model/predict.ts";
import { randomEnsemble, randomFeatureMatrix, referenceMargin } from "./random-trees.ts";

describe("predictMargin", () => {
  it("equals a plain row-by-row walk on random trees of depth 1–8 with missing values and on-threshold inputs", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const ensemble = randomEnsemble({ seed, nTrees: 30, nFeatures: 7, minDepth: 1, maxDepth: 8 });
      // A few runs span several row blocks.
      const nRows = seed <= 3 ? 5000 : 500;
      const matrix = randomFeatureMatrix(ensemble, { seed: seed + 1000, nRows, missingRate: 0.15 });
      expect(Array.from(predictMargin(ensemble, matrix))).toEqual(
        Array.from(referenceMargin(ensemble, matrix)),
      );
    }
  });

  it("sends x == threshold right and the float32 just below it left", () => {
    const stump = {
      left: Int32Array.of(1, -1, -1),
      right: Int32Array.of(2, -1, -1),
      feature: Int32Array.of(0, -1, -1),
      threshold: Float32Array.of(0.1, 0, 0),
      defaultLeft: Uint8Array.of(1, 0, 0),
      value: Float32Array.of(0, -1, 1),
      cover: Float32Array.of(2, 1, 1),
    };
    const ensemble = { trees: [stump], baseMargin: 0.5, featureNames: ["x"] };
    const t = Math.fround(0.1);
    const below = new Float32Array([t]);
    new Int32Array(below.buffer)[0] -= 1;
    const x = Float32Array.of(t, below[0], NaN, 0.2);
    expect(Array.from(predictMargin(ensemble, { nRows: 4, featureNames: ["x"], columns: [x] }))).toEqual([
      1.5, -0.5, -0.5, 1.5,
    ]);
  });

  it("handles lone-leaf trees and an empty ensemble", () => {
    const ensemble = randomEnsemble({ seed: 3, nTrees: 5, minDepth: 0, maxDepth: 0 });
    const matrix = randomFeatureMatrix(ensemble, { seed: 4, nRows: 10 });
    const sum = ensemble.trees.reduce(
      (s, t) => Math.fround(s + t.value[0]),
      Math.fround(ensemble.baseMargin),
    );
    expect(Array.from(predictMargin(ensemble, matrix))).toEqual(new Array(10).fill(sum));
    expect(Array.from(predictMargin({ ...ensemble, trees: [] }, matrix))).toEqual(
      new Array(10).fill(ensemble.baseMargin),
    );
  });

  it("refuses a matrix whose features differ from the model's, naming the first difference", () => {
    const ensemble = randomEnsemble({ seed: 5, nFeatures: 3 });
    const matrix = randomFeatureMatrix(ensemble, { seed: 6, nRows: 3 });
    expect(() => predictMargin(ensemble, { ...matrix, featureNames: ["f0", "f2", "f1"] })).toThrow(
      'matrix feature 1 is "f2", the model expects "f1"',
    );
    expect(() => predictMargin(ensemble, { ...matrix, featureNames: ["f0"] })).toThrow(
      "matrix has 1 features, the model 3",
    );
    expect(() => predictMargin(ensemble, { ...matrix, nRows: 4 })).toThrow(
      "matrix column f0 has 3 rows, not 4",
    );
  });
});
