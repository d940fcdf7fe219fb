/**
 * `engagetrack score --model <dir> --data <csv> [--out <file>] [--snapshots <dir>] [--shard i/N --parts <dir>] [--json]`:
 * probability (calibrated), band and margin per customer, to a CSV and/or a snapshot (or a shard's part).
 */
import type { Command } from "commander";
import type { LazyAction } from "../lazy-action.ts";

export function register(program: Command, lazy: LazyAction): void {
  program
    .command("score")
    .description(
      "Score customers: calibrated churn probability, risk band and margin; optionally publish a snapshot.",
    )
    .requiredOption("--model <dir>", "model directory (model.onnx + card.json)")
    .requiredOption("--data <source>", "customers: a CSV or .parquet file, or a postgres:// URL")
    .option("--dataset <contract>", "read --data by this contract instead of the one stored with the model")
    .option("--table <name>", "PostgreSQL source: the table to read")
    .option("--query <sql>", "PostgreSQL source: a read-only query instead of a table")
    .option(
      "--out <file>",
      "write one CSV row per customer: customerID, probability, band, margin, top driver",
    )
    .option("--snapshots <dir>", "publish a snapshot (scores, explanations, enrichment) under this directory")
    .option(
      "--shard <i/N>",
      "score only shard i of N (stable by customer ID) into a part; see `snapshot commit`",
    )
    .option("--parts <dir>", "where shard parts go (with --shard)")
    .option("--json", "print a JSON report instead of a summary")
    .action(lazy(() => import("../actions/score.ts")));
}
