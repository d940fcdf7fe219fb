/**
 * `engagetrack evaluate --data <csv> --folds 5 --seed 42 [--json]`: stratified k-fold cross-validation
 * of the default recipe (calibration fitted inside each training fold). With simulated data it also
 * reports the Bayes AUC of `true_churn_probability` on the same test folds: the best any model can do.
 */
import type { CliIo } from "../cli-io.ts";
import { rocAuc } from "../../core/src/model/metrics/auc.ts";
import { crossValidate } from "../../core/src/model/cross-validate.ts";
import { stratifiedFolds } from "../../core/src/model/stratified-folds.ts";
import { encodeCustomers } from "../../core/src/features/index.ts";
import { encoderSpecFromContract } from "../../core/src/features/contract-encoder-spec.ts";
import { readCsvRecords, type Customer } from "../../core/src/data/index.ts";
import { chooseDataset, loadContractInput, statusLine } from "../dataset-input.ts";
import { sourceKind } from "../source-records.ts";
import { CliError, ExitCode } from "../cli-error.ts";
import { inputProblems } from "../customer-input.ts";
import { progressFor } from "../progress.ts";
import { paramsFile, seedOption, trainingFile } from "../training-input.ts";

interface EvaluateOptions {
  /** Where ENGAGETRACK_DATASET is read (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
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

export async function action(io: CliIo, options: EvaluateOptions): Promise<number | void> {
  const out = await evaluate({ ...options, env: io.env });
  io.stdout.write(options.json ? `${JSON.stringify(out.json, null, 2)}\n` : `${out.text.join("\n")}\n`);
  return out.rejected > 0 ? ExitCode.dataProblems : ExitCode.ok;
}

async function evaluate(options: EvaluateOptions) {
  const seed = seedOption(options.seed);
  const k = Number(options.folds);
  if (!Number.isInteger(k) || k < 2 || k > 20)
    throw new CliError("bad-option", `invalid --folds: ${JSON.stringify(options.folds)} (2–20)`);
  const params = await paramsFile(options.params);
  const file = await trainingFile({ ...options, seed });
  const input = await evaluationInput(file, options);
  const { rows, summary, labels, matrix, truths } = input;
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
  if (truths) {
    const fold = stratifiedFolds(labels, k, seed);
    const per: number[] = [];
    for (let f = 0; f < k; f++) {
      const test = truths.flatMap((_, i) => (fold[i] === f ? [i] : []));
      per.push(
        rocAuc(
          test.map((i) => labels[i]),
          test.map((i) => truths[i]),
        ),
      );
    }
    bayes = per.reduce((a, b) => a + b, 0) / k;
  }
  const json = {
    data: file,
    rows,
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
    `${k}-fold stratified cross-validation of the default recipe on ${rows} customers (${file}, seed ${seed})`,
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
 * The labelled customers to cross-validate, through their dataset contract (`--dataset`,
 * `ENGAGETRACK_DATASET` or the preset the header matches): history only (churned and retained
 * rows; current customers have no outcome yet). For the simulator's files, the simulation's own
 * churn probabilities (`true_churn_probability`, which the contract keeps out of the model) are
 * read beside them, for the Bayes AUC.
 */
async function evaluationInput(file: string, options: EvaluateOptions) {
  const source = { table: options.table, query: options.query };
  const { contract } = await chooseDataset(file, options.dataset, source, options.env);
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
  const truth = sourceKind(file) === "file" ? await simulationTruth(file, contract.id.column) : undefined;
  const ids = history.map((r) => r[contract.id.column] as string);
  const truths = truth && ids.every((id) => truth.has(id)) ? ids.map((id) => truth.get(id)!) : undefined;
  return {
    rows: history.length,
    summary: loaded.summary,
    labels,
    matrix,
    truths,
    status: statusLine(loaded.summary),
  };
}

/** `true_churn_probability` per id when a CSV has that column (the simulator's files), else undefined. */
async function simulationTruth(file: string, idColumn: string): Promise<Map<string, number> | undefined> {
  if (!file.endsWith(".csv")) return undefined;
  const truth = new Map<string, number>();
  let id = -1;
  let p = -1;
  for await (const record of readCsvRecords(file)) {
    if (id < 0) {
      const header = record.cells.map((c) => c.trim());
      id = header.indexOf(idColumn);
      p = header.indexOf(TRUTH_COLUMN);
      if (id < 0 || p < 0) return undefined;
      continue;
    }
    const value = Number(record.cells[p]);
    if (record.cells[p]?.trim() === "" || !Number.isFinite(value)) return undefined;
    truth.set(record.cells[id].trim(), value);
  }
  return truth;
}

const TRUTH_COLUMN = "true_churn_probability";
