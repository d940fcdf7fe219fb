// Shared input for the TreeSHAP bench cases: XGBoost 1.7.4's Telco model (100 trees of depth 4 on
// 45 features — the model behind the 10.8k rows/s reference) and its 310 sample rows repeated.
import { existsSync, readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import type { FeatureMatrix } from "../../core/src/features/feature-matrix.ts";
import type { TreeEnsemble } from "../../core/src/model/tree.ts";
import { importXgboostModel } from "../../core/src/model/xgboost-import.ts";

const fixture = new URL("../../../shared/fixtures/xgboost-telco/", import.meta.url);

export function missingFixture(): string | undefined {
  return existsSync(new URL("model.json", fixture)) ? undefined : `no fixture at ${fixture.pathname}`;
}

export function treeShapInput(nRows: number): { ensemble: TreeEnsemble; matrix: FeatureMatrix } {
  const { ensemble } = importXgboostModel(JSON.parse(readFileSync(new URL("model.json", fixture), "utf8")));
  const rows = parse(readFileSync(new URL("sample.csv", fixture), "utf8"), { columns: true }) as Record<
    string,
    string
  >[];
  const columns = ensemble.featureNames.map((f) =>
    Float32Array.from({ length: nRows }, (_, i) => {
      const v = rows[i % rows.length][f];
      return v === "" ? NaN : Number(v);
    }),
  );
  return { ensemble, matrix: { nRows, featureNames: ensemble.featureNames, columns } };
}
