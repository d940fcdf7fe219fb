// XGBoost 3.x models and the UBJ format: the 3.4.1 Telco fixture (../shared/fixtures/xgboost3-telco)
// from model.json and model.ubj against XGBoost's own margins, probabilities and pred_contribs, and
// small 1.7.4 models (fixtures/xgboost-formats) saved both ways, with missing values.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { treeShap } from "../../src/explain/tree-shap.ts";
import type { FeatureMatrix } from "../../src/features/feature-matrix.ts";
import { exportOnnx } from "../../src/model/onnx-export.ts";
import { OnnxScorer } from "../../src/model/onnx-scorer.ts";
import { predictMargin } from "../../src/model/predict.ts";
import type { TreeEnsemble } from "../../src/model/tree.ts";
import {
  importXgboostModel,
  importXgboostModelFile,
  parseXgboostModelBytes,
  XgboostImportError,
} from "../../src/model/xgboost-import.ts";

const v3Dir = join(import.meta.dirname, "../../../../shared/fixtures/xgboost3-telco");
const v3Present = existsSync(join(v3Dir, "model.ubj"));
const formatsDir = join(import.meta.dirname, "fixtures/xgboost-formats");

function v3Sample() {
  const featureNames = JSON.parse(readFileSync(join(v3Dir, "features.json"), "utf8")) as string[];
  const rows = parse(readFileSync(join(v3Dir, "sample.csv"), "utf8"), { columns: true }) as Record<
    string,
    string
  >[];
  const matrix: FeatureMatrix = {
    nRows: rows.length,
    featureNames,
    columns: featureNames.map((f) => Float32Array.from(rows, (r) => (r[f] === "" ? NaN : Number(r[f])))),
  };
  return { featureNames, rows, matrix };
}

const scorers: OnnxScorer[] = [];
afterAll(async () => {
  for (const s of scorers) await s.release();
});

/** Largest |a - b| over the SHAP values and base, against XGBoost's pred_contribs rows (BIAS last). */
function worstShap(ensemble: TreeEnsemble, matrix: FeatureMatrix, contribs: number[][]): number {
  const nf = matrix.featureNames.length;
  const { base, values } = treeShap(ensemble, matrix);
  let worst = 0;
  contribs.forEach((row, i) => {
    worst = Math.max(worst, Math.abs(base - row[nf]));
    for (let j = 0; j < nf; j++) worst = Math.max(worst, Math.abs(values[i * nf + j] - row[j]));
  });
  return worst;
}

describe.skipIf(!v3Present)("XGBoost 3.4.1's Telco model (../shared/fixtures/xgboost3-telco)", () => {
  it.each(["model.json", "model.ubj"])(
    "%s imports: version 3.4.1, fitted vector base_score, 100 trees, the 45 features",
    async (file) => {
      const { ensemble, xgboostVersion, baseScore } = await importXgboostModelFile(join(v3Dir, file));
      expect(xgboostVersion).toBe("3.4.1");
      expect(baseScore).toBeCloseTo(0.26536986, 8);
      expect(ensemble.trees).toHaveLength(100);
      expect(ensemble.featureNames).toEqual(v3Sample().featureNames);
    },
  );

  it("gives the same trees from model.json and model.ubj", async () => {
    const a = await importXgboostModelFile(join(v3Dir, "model.json"));
    const b = await importXgboostModelFile(join(v3Dir, "model.ubj"));
    expect(b.ensemble.baseMargin).toBe(a.ensemble.baseMargin);
    expect(b.ensemble.trees).toEqual(a.ensemble.trees);
  });

  it.each(["model.json", "model.ubj"])(
    "%s reproduces xgb_margin bit for bit in float32, xgb_prob to 1e-6 through ONNX and every shap__* to 1e-5",
    async (file) => {
      const { ensemble } = await importXgboostModelFile(join(v3Dir, file));
      const { featureNames, rows, matrix } = v3Sample();
      expect(rows).toHaveLength(310);
      expect(matrix.columns[featureNames.indexOf("TotalCharges")].some(Number.isNaN)).toBe(true);

      const margin = predictMargin(ensemble, matrix);
      const exact = rows.filter((r, i) => margin[i] === Math.fround(Number(r.xgb_margin))).length;
      expect(exact).toBe(310);

      const scorer = await OnnxScorer.load(exportOnnx(ensemble));
      scorers.push(scorer);
      const { probability } = await scorer.scoreBatch(matrix);
      const worstP = Math.max(...rows.map((r, i) => Math.abs(probability[i] - Number(r.xgb_prob))));
      expect(worstP).toBeLessThan(1e-6);

      const contribs = rows.map((r) => [
        ...featureNames.map((f) => Number(r[`shap__${f}`])),
        Number(r.shap__BIAS),
      ]);
      expect(worstShap(ensemble, matrix, contribs)).toBeLessThan(1e-5);
    },
  );
});

describe("XGBoost 1.7.4 models saved as JSON and as UBJ (fixtures/xgboost-formats)", () => {
  const expected = JSON.parse(readFileSync(join(formatsDir, "expected.json"), "utf8")) as {
    features: string[];
    rows: (number | null)[][];
    models: Record<string, { margin: number[]; contribs: number[][] }>;
  };
  const matrix: FeatureMatrix = {
    nRows: expected.rows.length,
    featureNames: expected.features,
    columns: expected.features.map((_, j) => Float32Array.from(expected.rows, (r) => r[j] ?? NaN)),
  };

  it.each(["depth3", "depth7"])(
    "%s: both files give the same trees, XGBoost's margins in float32 and its pred_contribs to 1e-5",
    async (name) => {
      const json = await importXgboostModelFile(join(formatsDir, `${name}.json`));
      const ubj = await importXgboostModelFile(join(formatsDir, `${name}.ubj`));
      expect(ubj.xgboostVersion).toBe("1.7.4");
      expect(ubj.baseScore).toBeCloseTo(0.4, 7);
      expect(ubj.ensemble.baseMargin).toBe(json.ensemble.baseMargin);
      expect(ubj.ensemble.trees).toEqual(json.ensemble.trees);
      expect(matrix.columns.every((c) => c.some(Number.isNaN))).toBe(true);

      const { margin, contribs } = expected.models[name];
      const ours = predictMargin(ubj.ensemble, matrix);
      margin.forEach((m, i) => expect(ours[i]).toBe(Math.fround(m)));
      expect(worstShap(ubj.ensemble, matrix, contribs)).toBeLessThan(1e-5);
    },
  );

  it("tells a UBJ file by its bytes whatever its name, and names the byte of a broken one", () => {
    const bytes = readFileSync(join(formatsDir, "depth3.ubj"));
    expect(importXgboostModel(parseXgboostModelBytes(bytes, "model.bin")).ensemble.trees).toHaveLength(5);
    expect(() => parseXgboostModelBytes(bytes.subarray(0, 100), "cut.ubj")).toThrow(
      /^invalid ubjson \(unexpected end of data in .* at byte \d+\) in cut\.ubj$/,
    );
    expect(() => parseXgboostModelBytes(Buffer.from("{not json"), "x.json")).toThrow(
      /^invalid json \(.*\) in x\.json$/,
    );
  });
});

describe("a categorical model", () => {
  const refusal =
    'categorical feature "plan" is not supported (only numerical splits can be imported; one-hot encode it before training)';

  it.each(["categorical.json", "categorical.ubj"])(
    "saved by 1.7.4 as %s gets one sentence naming the feature and the file",
    async (file) => {
      const path = join(formatsDir, file);
      await expect(importXgboostModelFile(path)).rejects.toThrow(new XgboostImportError(refusal, path));
    },
  );

  it("is named by its split when the file lists no feature types, whatever the NaN literal", () => {
    const text = readFileSync(join(formatsDir, "categorical.json"), "utf8");
    expect(text).toContain("[NaN,");
    for (const literal of ["NaN", "nan", "-nan", "-NaN"]) {
      const variant = text.replace(/"feature_types":\[[^\]]*\],/, "").replaceAll("NaN,", `${literal},`);
      expect(() =>
        importXgboostModel(parseXgboostModelBytes(Buffer.from(variant), "cat.json"), { source: "cat.json" }),
      ).toThrow(
        new XgboostImportError(
          'tree 0: categorical feature "plan" (split at node 0) is not supported (only numerical splits can be imported; one-hot encode it before training)',
          "cat.json",
        ),
      );
    }
  });

  it("keeps NaN-like text inside strings and still refuses NaN or inf where a number must be finite", () => {
    const base = readFileSync(join(formatsDir, "depth3.json"), "utf8");
    const named = base.replace('"feature_names":["a"', '"feature_names":["nan inf NaN"');
    expect(
      importXgboostModel(parseXgboostModelBytes(Buffer.from(named), "m.json")).ensemble.featureNames[0],
    ).toBe("nan inf NaN");
    const json = JSON.parse(base) as {
      learner: { gradient_booster: { model: { trees: { split_conditions: number[] }[] } } };
    };
    const tree0 = json.learner.gradient_booster.model.trees[0];
    const withLiteral = (i: number, literal: string) => {
      const text = JSON.stringify(json).replace(
        JSON.stringify(tree0.split_conditions),
        `[${tree0.split_conditions.map((v, k) => (k === i ? literal : String(v))).join(",")}]`,
      );
      return () =>
        importXgboostModel(parseXgboostModelBytes(Buffer.from(text), "m.json"), { source: "m.json" });
    };
    expect(withLiteral(0, "-inf")).toThrow("tree 0: node 0 has threshold -Infinity in m.json");
    const leaf = tree0.split_conditions.length - 1;
    expect(withLiteral(leaf, "NaN")).toThrow(`tree 0: leaf ${leaf} has value NaN in m.json`);
  });
});
