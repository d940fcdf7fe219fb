import { describe, expect, it } from "vitest";
import {
  importXgboostModel,
  importXgboostModelFile,
  parseBaseScore,
  XgboostImportError,
} from "../../src/model/xgboost-import.ts";
import { predictMargin } from "../../src/model/predict.ts";
import { fixtureModelJson, fixtureModelPath, fixturePresent, fixtureSample } from "./fixture.ts";

/** A tiny XGBoost-format model: one stump on f1 (x < 2 → -0.5, else 0.25), missing → right. */
function tinyModel(overrides: { version?: number[]; baseScore?: string; objective?: string } = {}) {
  return {
    version: overrides.version ?? [2, 0, 3],
    learner: {
      attributes: {},
      feature_names: ["a", "b"],
      feature_types: ["float", "float"],
      learner_model_param: {
        base_score: overrides.baseScore ?? "[5E-1]",
        boost_from_average: "1",
        num_class: "0",
        num_feature: "2",
        num_target: "1",
      },
      objective: {
        name: overrides.objective ?? "binary:logistic",
        reg_loss_param: { scale_pos_weight: "1" },
      },
      gradient_booster: {
        name: "gbtree",
        model: {
          gbtree_model_param: { num_parallel_tree: "1", num_trees: "1" },
          iteration_indptr: [0, 1],
          tree_info: [0],
          trees: [
            {
              id: 0,
              left_children: [1, -1, -1],
              right_children: [2, -1, -1],
              parents: [2147483647, 0, 0],
              split_indices: [1, 0, 0],
              split_conditions: [2, -0.5, 0.25],
              split_type: [0, 0, 0],
              default_left: [0, 0, 0],
              sum_hessian: [10, 4, 6],
              base_weights: [0.1, -0.5, 0.25],
              loss_changes: [3, 0, 0],
              categories: [],
              categories_nodes: [],
              categories_segments: [],
              categories_sizes: [],
              tree_param: { num_deleted: "0", num_feature: "2", num_nodes: "3", size_leaf_vector: "1" },
            },
          ],
        },
      },
    },
  };
}

type Json = ReturnType<typeof tinyModel>;
const edit = (f: (m: Json) => void): Json => {
  const m = tinyModel();
  f(m);
  return m;
};
const importError = (json: unknown): string => {
  try {
    importXgboostModel(json, { source: "models/in.json" });
  } catch (e) {
    expect(e).toBeInstanceOf(XgboostImportError);
    return (e as Error).message;
  }
  throw new Error("import did not fail");
};

describe("importXgboostModel on XGBoost 1.7.4's Telco model", () => {
  it.skipIf(!fixturePresent)("keeps 100 trees, the 45 feature names, covers and leaf values", () => {
    const json = fixtureModelJson() as {
      learner: {
        gradient_booster: {
          model: { trees: { sum_hessian: number[]; split_conditions: number[]; left_children: number[] }[] };
        };
      };
    };
    const { ensemble, xgboostVersion, baseScore } = importXgboostModel(json);
    expect(xgboostVersion).toBe("1.7.4");
    expect(baseScore).toBe(0.5);
    expect(ensemble.baseMargin).toBe(0);
    expect(Object.is(ensemble.baseMargin, -0)).toBe(false);
    expect(ensemble.trees).toHaveLength(100);
    expect(ensemble.featureNames).toHaveLength(45);
    expect(ensemble.featureNames.slice(0, 3)).toEqual(["SeniorCitizen", "tenure", "MonthlyCharges"]);
    const raw = json.learner.gradient_booster.model.trees[7];
    const tree = ensemble.trees[7];
    expect(Array.from(tree.cover)).toEqual(raw.sum_hessian.map(Math.fround));
    raw.left_children.forEach((l, i) => {
      if (l === -1) expect(tree.value[i]).toBe(Math.fround(raw.split_conditions[i]));
      else expect(tree.threshold[i]).toBe(Math.fround(raw.split_conditions[i]));
    });
  });

  it.skipIf(!fixturePresent)("reproduces xgb_margin bit for bit in float32 on all 310 rows", () => {
    const { ensemble } = importXgboostModel(fixtureModelJson());
    const { matrix, xgbMargin } = fixtureSample();
    const margin = predictMargin(ensemble, matrix);
    let worst = 0;
    let exact = 0;
    xgbMargin.forEach((m, i) => {
      worst = Math.max(worst, Math.abs(margin[i] - m));
      if (margin[i] === Math.fround(m)) exact++;
    });
    expect(worst).toBeLessThan(1e-5);
    // The CSV prints 9 significant digits, enough to identify a float32 exactly.
    expect(exact).toBe(310);
  });

  it.skipIf(!fixturePresent)("reads the file and names it in errors", async () => {
    const { ensemble } = await importXgboostModelFile(fixtureModelPath);
    expect(ensemble.trees).toHaveLength(100);
    await expect(importXgboostModelFile("/nonexistent/model.json")).rejects.toThrow(
      "file not found in /nonexistent/model.json",
    );
    await expect(importXgboostModelFile("x.json", {}, async () => "{not json")).rejects.toThrow(
      /^invalid json .* in x\.json$/,
    );
  });
});

describe("importXgboostModel on hand-made models", () => {
  it("parses 1.x and 2.x base_score strings", () => {
    expect(parseBaseScore("5E-1")).toBe(0.5);
    expect(parseBaseScore("[5E-1]")).toBe(0.5);
    expect(parseBaseScore("[2.6535E-1]")).toBe(0.26535);
    expect(parseBaseScore(" [ 1e-3 ] ")).toBe(0.001);
    expect(parseBaseScore("[0.1,0.2]")).toBeNaN();
    expect(parseBaseScore("abc")).toBeNaN();
  });

  it("accepts a model written by XGBoost 3.x", () => {
    const { xgboostVersion, ensemble } = importXgboostModel(tinyModel({ version: [3, 4, 1] }));
    expect(xgboostVersion).toBe("3.4.1");
    expect(ensemble.trees).toHaveLength(1);
  });

  it("takes the margin base as logit(base_score) in float32", () => {
    const { ensemble, baseScore } = importXgboostModel(tinyModel({ baseScore: "[2.6535E-1]" }));
    expect(baseScore).toBe(0.26535);
    expect(ensemble.baseMargin).toBe(Math.fround(ensemble.baseMargin));
    expect(ensemble.baseMargin).toBeCloseTo(Math.log(0.26535 / (1 - 0.26535)), 6);
    const v1 = importXgboostModel(tinyModel({ version: [1, 7, 4], baseScore: "2.6535E-1" }));
    expect(v1.ensemble.baseMargin).toBe(ensemble.baseMargin);
  });

  it("evaluates x < threshold left, x == threshold right, missing by default_left", () => {
    const { ensemble } = importXgboostModel(tinyModel({ baseScore: "[5E-1]" }));
    const b = Float32Array.of(1.5, 2, 2.5, NaN);
    const margin = predictMargin(ensemble, {
      nRows: 4,
      featureNames: ["a", "b"],
      columns: [new Float32Array(4), b],
    });
    expect(Array.from(margin)).toEqual([-0.5, 0.25, 0.25, 0.25]);
    const left = importXgboostModel(
      edit((m) => (m.learner.gradient_booster.model.trees[0].default_left = [1, 0, 0])),
    );
    expect(
      predictMargin(left.ensemble, {
        nRows: 1,
        featureNames: ["a", "b"],
        columns: [Float32Array.of(0), Float32Array.of(NaN)],
      })[0],
    ).toBe(-0.5);
  });

  it("names features f0, f1, … when the file has none, or uses the names given", () => {
    const bare = edit((m) => (m.learner.feature_names = []));
    expect(importXgboostModel(bare).ensemble.featureNames).toEqual(["f0", "f1"]);
    expect(importXgboostModel(bare).generatedFeatureNames).toBe(true);
    expect(importXgboostModel(bare, { featureNames: ["x", "y"] }).ensemble.featureNames).toEqual(["x", "y"]);
    expect(() => importXgboostModel(tinyModel(), { featureNames: ["x", "y"] })).toThrow(
      "feature names differ",
    );
  });

  it("drops nodes unreachable from the root and renumbers the rest in order", () => {
    const pruned = edit((m) => {
      const t = m.learner.gradient_booster.model.trees[0];
      // Node 1 is a deleted leftover; the real children are 2 and 3.
      Object.assign(t, {
        left_children: [2, -1, -1, -1],
        right_children: [3, -1, -1, -1],
        split_indices: [1, 0, 0, 0],
        split_conditions: [2, 9, -0.5, 0.25],
        default_left: [0, 0, 0, 0],
        sum_hessian: [10, 1, 4, 6],
        base_weights: [0, 0, -0.5, 0.25],
      });
    });
    const tree = importXgboostModel(pruned).ensemble.trees[0];
    expect(Array.from(tree.left)).toEqual([1, -1, -1]);
    expect(Array.from(tree.value)).toEqual([0, -0.5, 0.25]);
    expect(Array.from(tree.cover)).toEqual([10, 4, 6]);
  });

  it("refuses what it cannot serve exactly, naming the file", () => {
    expect(importError(tinyModel({ objective: "multi:softprob" }))).toBe(
      'unsupported objective "multi:softprob" (only binary:logistic) in models/in.json',
    );
    expect(importError(tinyModel({ objective: "reg:squarederror" }))).toMatch(
      /unsupported objective "reg:squarederror"/,
    );
    expect(importError(edit((m) => (m.learner.learner_model_param.num_class = "3")))).toBe(
      "multi-class model (num_class 3) is not supported in models/in.json",
    );
    expect(importError(edit((m) => (m.learner.gradient_booster.name = "dart")))).toBe(
      'unsupported booster "dart" (only gbtree) in models/in.json',
    );
    expect(importError(edit((m) => (m.learner.gradient_booster.model.trees[0].split_type = [1, 0, 0])))).toBe(
      'tree 0: categorical feature "b" (split at node 0) is not supported (only numerical splits can be imported; one-hot encode it before training) in models/in.json',
    );
    expect(importError(edit((m) => (m.learner.feature_types = ["float", "c"])))).toBe(
      'categorical feature "b" is not supported (only numerical splits can be imported; one-hot encode it before training) in models/in.json',
    );
    expect(importError(edit((m) => (m.learner.gradient_booster.model.tree_info = [1])))).toMatch(
      /multi-class/,
    );
    expect(
      importError(edit((m) => (m.learner.gradient_booster.model.trees[0].tree_param.size_leaf_vector = "2"))),
    ).toBe("tree 0: vector-leaf trees are not supported in models/in.json");
    expect(importError(edit((m) => (m.learner.learner_model_param.num_target = "2")))).toMatch(
      /^multi-target model/,
    );
    expect(importError(tinyModel({ version: [4, 0, 0] }))).toBe(
      "unsupported xgboost version 4.0.0 (supported: 1.x, 2.x, 3.x) in models/in.json",
    );
    expect(importError(tinyModel({ version: [0, 90] }))).toMatch(/^unsupported xgboost version 0\.90 /);
    expect(importError(tinyModel({ baseScore: "[1.5E0]" }))).toMatch(/^invalid base_score: "\[1.5E0\]"/);
    expect(importError({ hello: 1 })).toMatch(
      /^not an xgboost json model \(version: .*\) in models\/in\.json$/,
    );
    expect(
      importError(edit((m) => (m.learner.gradient_booster.model.trees[0].split_indices = [5, 0, 0]))),
    ).toBe("tree 0: node 0 splits on feature 5 (num_feature 2) in models/in.json");
    expect(
      importError(edit((m) => (m.learner.gradient_booster.model.trees[0].right_children = [1, -1, -1]))),
    ).toMatch(/tree 0: node 1 is reached twice/);
  });
});
