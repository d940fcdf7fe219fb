/**
 * `engagetrack data validate <csv> [--json] [--quarantine <path> | --no-quarantine]`: loads a
 * customer file as the product would, reports every rejected row and warning, and writes the
 * rejected rows to a quarantine CSV. Exit 0: all rows valid; 1: rows were rejected; 2: the file
 * itself is unusable (missing, not UTF-8, missing columns, ...).
 */
import type { Command } from "commander";
import type { LazyAction } from "../lazy-action.ts";

export function registerDataValidate(data: Command, lazy: LazyAction): void {
  data
    .command("validate")
    .description(
      "Validate customers against their dataset contract: report rejected rows and warnings, quarantine the rejected rows.",
    )
    .argument("<source>", "customer file (CSV or .parquet) or a postgres:// URL")
    .option(
      "--dataset <contract>",
      "dataset contract: a preset (telco, simulated) or a YAML/JSON file (default: ENGAGETRACK_DATASET, or the preset the header matches)",
    )
    .option("--table <name>", "PostgreSQL source: the table to read")
    .option("--query <sql>", "PostgreSQL source: a read-only query instead of a table")
    .option("--json", "print a JSON report instead of a summary")
    .option(
      "--quarantine <path>",
      "where to write rejected rows (file or directory; default: beside the input)",
    )
    .option("--no-quarantine", "do not write rejected rows anywhere")
    .action(lazy(() => import("../actions/data-validate.ts")));
}
