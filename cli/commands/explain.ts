/**
 * `engagetrack explain --model <dir> --data <csv> [--id <customerID>] [--json]`: exact TreeSHAP per
 * customer. `--json` prints `[{id, margin, probability, base_value, contributions: {<feature>: value}}]`
 * with the model's own feature names; the summary adds the drivers in words and what-if actions.
 */
import type { Command } from "commander";
import type { LazyAction } from "../lazy-action.ts";

export function register(program: Command, lazy: LazyAction): void {
  program
    .command("explain")
    .description(
      "Explain churn scores with exact TreeSHAP: drivers in words, what-if actions, raw contributions.",
    )
    .requiredOption("--model <dir>", "model directory (model.onnx + card.json)")
    .requiredOption(
      "--data <csv>",
      "customer file (or, for an imported model, a CSV with its feature columns)",
    )
    .option("--dataset <contract>", "read --data by this contract instead of the one stored with the model")
    .option("--table <name>", "PostgreSQL source: the table to read")
    .option("--query <sql>", "PostgreSQL source: a read-only query instead of a table")
    .option("--id <customerID>", "explain only this customer")
    .option("--limit <n>", "customers shown in the summary without --id (JSON always has all)", "5")
    .option("--json", "print [{id, margin, probability, base_value, contributions}] instead of a summary")
    .action(lazy(() => import("../actions/explain.ts")));
}
