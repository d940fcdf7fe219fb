// The XGBoost 1.7.4 Telco fixture (../shared/fixtures/xgboost-telco): model, feature order and the
// 310 sample rows with XGBoost's own margins and probabilities.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { FeatureMatrix } from "../../src/features/feature-matrix.ts";

export const fixtureDir = join(import.meta.dirname, "../../../../shared/fixtures/xgboost-telco");
export const fixturePresent = existsSync(join(fixtureDir, "model.json"));
export const fixtureModelPath = join(fixtureDir, "model.json");

export function fixtureModelJson(): unknown {
  return JSON.parse(readFileSync(fixtureModelPath, "utf8"));
}

export function fixtureSample(): { matrix: FeatureMatrix; xgbMargin: number[]; xgbProb: number[] } {
  const featureNames = JSON.parse(readFileSync(join(fixtureDir, "features.json"), "utf8")) as string[];
  const rows = parse(readFileSync(join(fixtureDir, "sample.csv"), "utf8"), { columns: true }) as Record<
    string,
    string
  >[];
  const matrix: FeatureMatrix = {
    nRows: rows.length,
    featureNames,
    columns: featureNames.map((f) => Float32Array.from(rows, (r) => (r[f] === "" ? NaN : Number(r[f])))),
  };
  return {
    matrix,
    xgbMargin: rows.map((r) => Number(r.xgb_margin)),
    xgbProb: rows.map((r) => Number(r.xgb_prob)),
  };
}
