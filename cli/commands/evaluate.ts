/**
 * `engagetrack evaluate --data <csv> --folds 5 --seed 42 [--json]`: stratified k-fold cross-validation
 * of the default recipe (calibration fitted inside each training fold). With simulated data it also
 * reports the Bayes AUC of `true_churn_probability` on the same test folds: the best any model can do.
 */
import type { Command } from "commander";
import type { LazyAction } from "../lazy-action.ts";

export function register(program: Command, lazy: LazyAction): void {
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
    .action(lazy(() => import("../actions/evaluate.ts")));
}
