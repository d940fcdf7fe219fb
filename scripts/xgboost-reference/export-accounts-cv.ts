/**
 * Writes the inputs of the XGBoost reference for another schema's table (see README.md here): the
 * seeded accounts table's encoded feature matrix (through its dataset contract, exactly as
 * `engagetrack evaluate` encodes it), its labels and its stratified fold of each row.
 *
 *   npx tsx scripts/xgboost-reference/export-accounts-cv.ts <out-dir>
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ACCOUNTS_CONTRACT, ACCOUNTS_CV, accountsHistory } from "../../core/test/fixtures/accounts-cv.ts";
import { encoderSpecFromContract } from "../../core/src/features/contract-encoder-spec.ts";
import { encodeCustomers } from "../../core/src/features/encode-customers.ts";
import { stratifiedFolds } from "../../core/src/model/stratified-folds.ts";
import type { Customer } from "../../core/src/data/schema.ts";

const out = process.argv[2];
if (!out) throw new Error("usage: export-accounts-cv.ts <out-dir>");
mkdirSync(out, { recursive: true });
const { rows, labels } = await accountsHistory();
const matrix = encodeCustomers(
  encoderSpecFromContract(ACCOUNTS_CONTRACT),
  rows as unknown as Customer[],
  rows.length,
);
const fold = stratifiedFolds(labels, ACCOUNTS_CV.folds, ACCOUNTS_CV.seed);
const lines = [[...matrix.featureNames, "label", "fold"].join(",")];
for (let i = 0; i < matrix.nRows; i++) {
  const cells = matrix.columns.map((c) => (Number.isNaN(c[i]) ? "" : String(c[i])));
  lines.push([...cells, labels[i], fold[i]].join(","));
}
writeFileSync(join(out, "accounts-cv.csv"), `${lines.join("\n")}\n`);
console.log(
  `wrote ${matrix.nRows} rows × ${matrix.featureNames.length} features to ${join(out, "accounts-cv.csv")}`,
);
