import { describe, expect, it } from "vitest";
import { exportOnnx, ONNX_METADATA } from "../../src/model/onnx-export.ts";
import { onnxMetadata, readEnsembleFromOnnx } from "../../src/model/read-ensemble-from-onnx.ts";
import type { TreeEnsemble } from "../../src/model/tree.ts";
import { importXgboostModel } from "../../src/model/xgboost-import.ts";
import { fixtureModelJson, fixturePresent } from "./fixture.ts";
import { randomEnsemble } from "./random-trees.ts";

/** Plain arrays, so toEqual compares values and -1/0 markers exactly. */
function plain(e: TreeEnsemble) {
  return {
    baseMargin: e.baseMargin,
    featureNames: [...e.featureNames],
    trees: e.trees.map((t) =>
      Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)])),
    ),
  };
}

describe("exportOnnx / readEnsembleFromOnnx", () => {
  it("writes identical bytes for the same ensemble, and again after a read-back", () => {
    const ensemble = randomEnsemble({ seed: 11, nTrees: 40, nFeatures: 9 });
    const a = exportOnnx(ensemble, { cardSha256: "ab".repeat(32) });
    const b = exportOnnx(randomEnsemble({ seed: 11, nTrees: 40, nFeatures: 9 }), {
      cardSha256: "ab".repeat(32),
    });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const again = exportOnnx(readEnsembleFromOnnx(a), { cardSha256: "ab".repeat(32) });
    expect(Buffer.from(again).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(exportOnnx(ensemble)).equals(Buffer.from(a))).toBe(false);
  });

  it("round-trips trees, covers, base margin and feature names exactly", () => {
    for (const seed of [1, 2, 3]) {
      const ensemble = randomEnsemble({
        seed,
        nTrees: 25,
        nFeatures: 6,
        minDepth: 0,
        maxDepth: 8,
        zeroCoverRate: 0.1,
      });
      expect(plain(readEnsembleFromOnnx(exportOnnx(ensemble)))).toEqual(plain(ensemble));
    }
    // A base margin that is not a float32 survives through the metadata.
    const e = { ...randomEnsemble({ seed: 4 }), baseMargin: 0.1 };
    expect(readEnsembleFromOnnx(exportOnnx(e)).baseMargin).toBe(0.1);
    // An empty ensemble (a base-rate model) is written with a placeholder tree and read back empty.
    const empty = { ...e, trees: [] };
    expect(plain(readEnsembleFromOnnx(exportOnnx(empty)))).toEqual(plain(empty));
  });

  it.skipIf(!fixturePresent)("round-trips the imported Telco model", () => {
    const { ensemble } = importXgboostModel(fixtureModelJson());
    expect(plain(readEnsembleFromOnnx(exportOnnx(ensemble)))).toEqual(plain(ensemble));
  });

  it("stores feature names and the card hash in metadata_props", () => {
    const ensemble = randomEnsemble({ seed: 6, featureNames: ["tenure", "Contract_One year"] });
    const meta = onnxMetadata(exportOnnx(ensemble, { cardSha256: "0".repeat(64) }));
    expect(JSON.parse(meta[ONNX_METADATA.featureNames])).toEqual(["tenure", "Contract_One year"]);
    expect(meta[ONNX_METADATA.cardSha256]).toBe("0".repeat(64));
  });

  it("refuses malformed ensembles and non-model bytes", () => {
    const ensemble = randomEnsemble({ seed: 7, nTrees: 1, minDepth: 2, maxDepth: 2 });
    const tree = ensemble.trees[0];
    const broken = {
      ...ensemble,
      trees: [{ ...tree, feature: Int32Array.from(tree.feature, (f) => (f >= 0 ? 99 : f)) }],
    };
    expect(() => exportOnnx(broken)).toThrow("tree 0: node 0 splits on feature 99 of 8");
    const cyclic = {
      ...ensemble,
      trees: [{ ...tree, left: Int32Array.from(tree.left, (l, i) => (i === 0 ? 0 : l)) }],
    };
    expect(() => exportOnnx(cyclic)).toThrow(/tree 0: node 0 has children 0/);
    expect(() => readEnsembleFromOnnx(Uint8Array.of(1, 2, 3, 4, 5))).toThrow(/^not an onnx model/);
    expect(() => readEnsembleFromOnnx(new Uint8Array(0))).toThrow(
      "no TreeEnsembleClassifier node in the onnx model",
    );
  });
});
