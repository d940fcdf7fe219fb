// Parity with XGBoost 1.7.4's own `pred_contribs=True` output on the Telco fixture.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { treeShap } from "../../src/explain/tree-shap.ts";
import type { FeatureMatrix } from "../../src/features/feature-matrix.ts";
import { importXgboostModel } from "../../src/model/xgboost-import.ts";

const fixture = join(import.meta.dirname, "../../../../shared/fixtures/xgboost-telco");
const present = existsSync(join(fixture, "model.json"));

describe.skipIf(!present)(
  "treeShap on XGBoost's Telco model (fixture ../shared/fixtures/xgboost-telco)",
  () => {
    it.each([true, false])(
      "reproduces every shap__* column, BIAS included, within 1e-5 on all 310 rows (leafTables %s)",
      (leafTables) => {
        const { ensemble } = importXgboostModel(
          JSON.parse(readFileSync(join(fixture, "model.json"), "utf8")),
        );
        const featureNames = JSON.parse(readFileSync(join(fixture, "features.json"), "utf8")) as string[];
        const rows = parse(readFileSync(join(fixture, "sample.csv"), "utf8"), { columns: true }) as Record<
          string,
          string
        >[];
        expect(rows).toHaveLength(310);
        const matrix: FeatureMatrix = {
          nRows: rows.length,
          featureNames,
          columns: featureNames.map((f) =>
            Float32Array.from(rows, (r) => (r[f] === "" ? NaN : Number(r[f]))),
          ),
        };
        const nf = featureNames.length;
        const { base, values, margin } = treeShap(ensemble, matrix, { leafTables });

        let worst = 0;
        rows.forEach((row, i) => {
          worst = Math.max(worst, Math.abs(base - Number(row.shap__BIAS)));
          featureNames.forEach((f, j) => {
            worst = Math.max(worst, Math.abs(values[i * nf + j] - Number(row[`shap__${f}`])));
          });
          expect(margin[i]).toBeCloseTo(Number(row.xgb_margin), 5);
        });
        expect(worst).toBeLessThan(1e-5);
        // The fixture includes rows with blank TotalCharges, so the missing-value path is exercised.
        expect(matrix.columns[featureNames.indexOf("TotalCharges")].some(Number.isNaN)).toBe(true);
      },
    );
  },
);
