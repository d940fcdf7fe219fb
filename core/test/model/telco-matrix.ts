// Test-only: the real IBM Telco data one-hot encoded in the column order of the XGBoost fixture
// (../shared/fixtures/xgboost-telco/features.json), so model tests can run before and apart from
// the feature encoder. TotalCharges blank → NaN, Churn "Yes" → 1.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { FeatureMatrix } from "../../src/features/feature-matrix.ts";

const sharedDir = join(import.meta.dirname, "../../../../shared");
export const telcoCsvPath = process.env.ENGAGETRACK_TELCO_CSV ?? join(sharedDir, "data/telco.csv");
export const telcoFeaturesPath = join(sharedDir, "fixtures/xgboost-telco/features.json");

/** Why Telco tests are skipped, or undefined when the data is there. */
export function telcoSkipReason(): string | undefined {
  if (!existsSync(telcoCsvPath))
    return `real Telco data not found at ${telcoCsvPath} (set ENGAGETRACK_TELCO_CSV)`;
  if (!existsSync(telcoFeaturesPath)) return `XGBoost fixture feature list not found at ${telcoFeaturesPath}`;
  return undefined;
}

export interface TelcoData {
  matrix: FeatureMatrix;
  labels: Uint8Array;
}

let cached: TelcoData | undefined;

export function loadTelcoMatrix(): TelcoData {
  if (cached) return cached;
  const featureNames = JSON.parse(readFileSync(telcoFeaturesPath, "utf8")) as string[];
  const rows = parse(readFileSync(telcoCsvPath, "utf8"), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  const n = rows.length;
  const columns = featureNames.map(() => new Float32Array(n));
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    for (let j = 0; j < featureNames.length; j++) {
      const name = featureNames[j];
      const cut = name.indexOf("_");
      if (cut < 0) {
        const raw = row[name].trim();
        columns[j][i] = raw === "" ? NaN : Number(raw);
        if (raw !== "" && !Number.isFinite(columns[j][i]))
          throw new Error(`invalid ${name}: ${raw} (row ${i})`);
      } else {
        columns[j][i] = row[name.slice(0, cut)] === name.slice(cut + 1) ? 1 : 0;
      }
    }
    labels[i] = row.Churn === "Yes" ? 1 : 0;
  }
  cached = { matrix: { nRows: n, featureNames, columns }, labels };
  return cached;
}
