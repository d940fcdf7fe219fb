/**
 * `engagetrack train --data <csv> | --simulate <rows> [--seed] [--params file] --out models/<name> [--json]`:
 * the default recipe (XGBoost-style boosting, early stopping, calibration, profit-based decision
 * threshold), saved as model.onnx + card.json.
 */
import type { Command } from "commander";
import type { LazyAction } from "../lazy-action.ts";

export function register(program: Command, lazy: LazyAction): void {
  program
    .command("train")
    .description("Train, calibrate and export a churn model (model.onnx + card.json).")
    .option("--data <source>", "labelled customers: a CSV or .parquet file, or a postgres:// URL")
    .option("--dataset <contract>", "dataset contract: a preset (telco, simulated) or a YAML/JSON file")
    .option("--table <name>", "PostgreSQL source: the table to read")
    .option("--query <sql>", "PostgreSQL source: a read-only query instead of a table")
    .option(
      "--simulate <rows>",
      "train on this many simulated customers instead (written to data/generated/)",
    )
    .option("--seed <n>", "seed for simulation, splits and training", "42")
    .option("--params <file>", "JSON booster parameters with XGBoost's names (eta, max_depth, …)")
    .requiredOption("--out <dir>", "output directory, e.g. models/<name>")
    .option("--name <name>", "model name in the card (default: the output directory's name)")
    .option("--offer-cost <n>", "cost of one retention offer (decision threshold)", "20")
    .option("--customer-value <n>", "value of a saved customer (decision threshold)", "500")
    .option("--save-rate <p>", "fraction of would-be churners an offer keeps", "0.3")
    .option(
      "--sample <rows>",
      "train on a seeded uniform sample of this many customers (streams the file: memory stays at the sample's size)",
    )
    .option("--json", "print a JSON report instead of a summary")
    .action(lazy(() => import("../actions/train.ts")));
}
