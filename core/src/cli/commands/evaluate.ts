/**
 * `engagetrack evaluate --data <csv> --folds 5 --seed 42 [--json]`: stratified k-fold cross-validation
 * of the default recipe (calibration fitted inside each training fold). With simulated data it also
 * reports the Bayes AUC of `true_churn_probability` on the same test folds: the best any model can do.
 */
import type { Command } from "commander";
import { rocAuc } from "../../model/metrics/auc.ts";
import { crossValidate } from "../../model/cross-validate.ts";
import { stratifiedFolds } from "../../model/stratified-folds.ts";
import { churnLabels } from "../../model/train-customer-model.ts";
import { defaultEncoderSpec, encodeCustomers, type FeatureMatrix } from "../../features/index.ts";
import { encoderSpecFromContract } from "../../features/contract-encoder-spec.ts";
import type { Customer } from "../../data/index.ts";
import { chooseDataset, loadContractInput, statusLine } from "../dataset-input.ts";
import { isLegacyCustomerFile } from "../legacy-input.ts";
import { sourceKind } from "../source-records.ts";
import { CliError, ExitCode } from "../cli-error.ts";
import { inputProblems, loadCustomerInput } from "../customer-input.ts";
import { progressFor } from "../progress.ts";
import { paramsFile, seedOption, trainingFile } from "../training-input.ts";

interface EvaluateOptions {
  data?: string;
  dataset?: string;
  table?: string;
  query?: string;
  simulate?: string;
  folds: string;
  seed: string;
  params?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("evaluate")
    .description(
      "Cross-validate the default recipe: AUC, PR AUC, log loss, Brier, ECE (and the Bayes AUC on simulated data).",
    )
    .option("--data <source>", "labelled customers: a CSV or .parquet file, or a postgres:// URL")
    .option("--dataset <contract>", "dataset contract: a preset (telco, simulated) or a YAML/JSON file")
    .option("--table <name>", "PostgreSQL source: the table to read")
    .option("--query <sql>", "PostgreSQL source: a read-only query instead of a table")
    .option("--simulate <rows>", "evaluate on this many simulated customers instead")
    .option("--folds <k>", "stratified folds", "5")
    .option("--seed <n>", "seed of folds, splits and training", "42")
    .option("--params <file>", "JSON booster parameters with XGBoost's names")
    .option(
      "--json",
      "print {folds, auc_mean, auc_sd, pr_auc_mean, logloss_mean, brier_mean, ece_mean, train_seconds_median[, bayes_auc_mean]}",
    )
    .action(async (options: EvaluateOptions) => {
      const out = await evaluate(options);
      process.stdout.write(
        options.json ? `${JSON.stringify(out.json, null, 2)}\n` : `${out.text.join("\n")}\n`,
      );
      process.exitCode = out.rejected > 0 ? ExitCode.dataProblems : ExitCode.ok;
    });
}

async function evaluate(options: EvaluateOptions) {
  const seed = seedOption(options.seed);
  const k = Number(options.folds);
  if (!Number.isInteger(k) || k < 2 || k > 20)
    throw new CliError("bad-option", `invalid --folds: ${JSON.stringify(options.folds)} (2–20)`);
  const params = await paramsFile(options.params);
  const file = await trainingFile({ ...options, seed });
  const input = await evaluationInput(file, options);
  const { customers, summary, labels, matrix } = input;
  const progress = progressFor(process.stderr, options.json === true);
  progress.start(k, "cross-validating");
  let cv;
  try {
    cv = crossValidate(matrix, labels, {
      folds: k,
      seed,
      recipe: { params },
      onFold: (r) => progress.update(r.fold + 1),
    });
  } catch (cause) {
    throw new CliError("evaluation-failed", `cannot cross-validate ${file}: ${(cause as Error).message}`, {
      cause,
    });
  } finally {
    progress.stop();
  }
  // The same folds crossValidate used (same function, same seed): the Bayes AUC per test fold.
  let bayes: number | undefined;
  if (customers.every((c) => c.true_churn_probability !== undefined)) {
    const fold = stratifiedFolds(labels, k, seed);
    const per: number[] = [];
    for (let f = 0; f < k; f++) {
      const rows = customers.flatMap((c, i) => (fold[i] === f ? [i] : []));
      per.push(
        rocAuc(
          rows.map((i) => labels[i]),
          rows.map((i) => customers[i].true_churn_probability!),
        ),
      );
    }
    bayes = per.reduce((a, b) => a + b, 0) / k;
  }
  const json = {
    data: file,
    rows: customers.length,
    folds: cv.folds,
    auc_mean: cv.auc_mean,
    auc_sd: cv.auc_sd,
    pr_auc_mean: cv.pr_auc_mean,
    logloss_mean: cv.logloss_mean,
    brier_mean: cv.brier_mean,
    ece_mean: cv.ece_mean,
    ece_pooled: cv.ece_pooled,
    train_seconds_median: cv.train_seconds_median,
    ...(bayes !== undefined ? { bayes_auc_mean: bayes, auc_gap_to_bayes: bayes - cv.auc_mean } : {}),
  };
  const f3 = (x: number) => x.toFixed(3);
  const text = [
    `${k}-fold stratified cross-validation of the default recipe on ${customers.length} customers (${file}, seed ${seed})`,
    `  AUC ${f3(cv.auc_mean)} ± ${f3(cv.auc_sd)} · PR AUC ${f3(cv.pr_auc_mean)} · log loss ${f3(cv.logloss_mean)} · Brier ${f3(cv.brier_mean)} · ECE ${f3(cv.ece_mean)} (pooled ${f3(cv.ece_pooled)})`,
    `  median training time per fold ${cv.train_seconds_median.toFixed(2)} s`,
    ...(bayes !== undefined
      ? [
          `  Bayes AUC of the simulation's true probabilities on the same folds: ${f3(bayes)} (gap ${f3(bayes - cv.auc_mean)})`,
        ]
      : []),
    ...(input.status ? [`  ${input.status}; current customers (no outcome yet) are not evaluated`] : []),
    ...inputProblems(summary),
  ];
  return { json, text, rejected: summary.rejected };
}

/**
 * The labelled customers to cross-validate: through their dataset contract (history only: churned
 * and retained rows; current customers have no outcome yet), or the built-in Telco loader for a
 * Telco-shaped CSV given without a contract (today's recipe, enrichment included).
 */
async function evaluationInput(file: string, options: EvaluateOptions) {
  const source = { table: options.table, query: options.query };
  const contractPath =
    options.dataset ||
    process.env.ENGAGETRACK_DATASET ||
    sourceKind(file) !== "file" ||
    !(await isLegacyCustomerFile(file));
  if (!contractPath) {
    const { customers, summary } = await loadCustomerInput(file, { quiet: options.json, label: "loading" });
    if (!summary.hasChurn)
      throw new CliError("no-labels", `${file} has no Churn column: evaluation needs labels`);
    const labels = churnLabels(customers);
    const matrix: FeatureMatrix = encodeCustomers(defaultEncoderSpec(), customers, customers.length);
    return { customers, summary, labels, matrix, status: undefined as string | undefined };
  }
  const { contract } = await chooseDataset(file, options.dataset, source);
  const loaded = await loadContractInput(file, contract, {
    ...source,
    quiet: options.json,
    label: "loading",
  });
  const history = loaded.rows.filter((_, i) => loaded.statuses[i] !== "current");
  const labels = Uint8Array.from(
    loaded.statuses.filter((s) => s !== "current").map((s) => (s === "churned" ? 1 : 0)),
  );
  if (!contract.label || history.length === 0)
    throw new CliError(
      "no-labels",
      `${file} has no labelled customers${contract.label ? ` (column ${contract.label.column} is blank or absent)` : ` (contract ${contract.name} names no label column)`}: evaluation needs labels`,
    );
  const matrix = encodeCustomers(
    encoderSpecFromContract(contract),
    history as unknown as Customer[],
    history.length,
  );
  return {
    customers: history as unknown as Customer[],
    summary: loaded.summary,
    labels,
    matrix,
    status: statusLine(loaded.summary),
  };
}
