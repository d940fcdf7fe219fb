// Another schema than Telco, through its dataset contract: our cross-validated AUC against real
// XGBoost 1.7.4's on the same folds, same inputs and same parameters (scripts/xgboost-reference/).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Customer } from "../../src/data/schema.ts";
import { encoderSpecFromContract } from "../../src/features/contract-encoder-spec.ts";
import { encodeCustomers } from "../../src/features/encode-customers.ts";
import { crossValidate } from "../../src/model/cross-validate.ts";
import { stratifiedFolds } from "../../src/model/stratified-folds.ts";
import { ACCOUNTS_CONTRACT, ACCOUNTS_CV, accountsHistory } from "../fixtures/accounts-cv.ts";

const reference = JSON.parse(
  readFileSync(join(import.meta.dirname, "../fixtures/xgboost-accounts-cv.json"), "utf8"),
) as {
  xgboost: string;
  features: string[];
  params: Record<string, number | string>;
  fold_auc: number[];
  auc_mean: number;
};

describe("cross-validation on a table that is not Telco", () => {
  it("encodes the inputs XGBoost's reference was trained on", async () => {
    const spec = encoderSpecFromContract(ACCOUNTS_CONTRACT);
    const { rows } = await accountsHistory();
    expect(encodeCustomers(spec, rows.slice(0, 1) as unknown as Customer[]).featureNames).toEqual(
      reference.features,
    );
  });

  it("lands within 0.01 of XGBoost 1.7.4's 5-fold AUC (depth 4, 300 rounds, eta 0.1) on the same folds", async () => {
    expect(reference.xgboost).toBe("1.7.4");
    const { rows, labels } = await accountsHistory();
    const matrix = encodeCustomers(
      encoderSpecFromContract(ACCOUNTS_CONTRACT),
      rows as unknown as Customer[],
      rows.length,
    );
    const p = reference.params;
    const cv = crossValidate(matrix, labels, {
      folds: ACCOUNTS_CV.folds,
      seed: ACCOUNTS_CV.seed,
      recipe: {
        params: {
          n_rounds: Number(p.n_rounds),
          max_depth: Number(p.max_depth),
          eta: Number(p.eta),
          min_child_weight: Number(p.min_child_weight),
          lambda: Number(p.lambda),
          subsample: Number(p.subsample),
          colsample_bytree: Number(p.colsample_bytree),
          max_bin: Number(p.max_bin),
          base_score: Number(p.base_score),
          early_stopping_rounds: 0,
        },
      },
    });
    // The reference used these very folds (same function, same seed).
    expect(Array.from(stratifiedFolds(labels, ACCOUNTS_CV.folds, ACCOUNTS_CV.seed)).length).toBe(rows.length);
    expect(Math.abs(cv.auc_mean - reference.auc_mean)).toBeLessThan(0.01);
  }, 120_000);
});
