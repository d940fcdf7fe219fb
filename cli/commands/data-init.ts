/**
 * `engagetrack data init <file> --out <contract.yaml> [--id COL] [--label COL] [--positive VALUE]
 * [--sample N] [--json] [--force]`: drafts a dataset contract from a sample of a customer file
 * (CSV or Parquet), prints every guess with its reason and what to check, and writes a commented
 * YAML file meant to be read and edited. Exit 0: written; 2: the file is unusable, a guess needs
 * the user's help (which id? which label?), the output exists (without --force) or cannot be written.
 */
import type { Command } from "commander";
import { DEFAULT_SAMPLE_ROWS } from "../../core/src/data/draft-contract.ts";
import type { LazyAction } from "../lazy-action.ts";

export function registerDataInit(data: Command, lazy: LazyAction): void {
  data
    .command("init")
    .description(
      "Draft a dataset contract from a customer file: guesses, their reasons, and a commented YAML to edit.",
    )
    .argument("<file>", "customer file (.csv, or .parquet)")
    .requiredOption("--out <contract.yaml>", "where to write the contract (its folder is created)")
    .option("--id <column>", "the id column (default: the unique column with an id-like name)")
    .option(
      "--label <column>",
      "the churn label column (default: a two-valued column with a churn-like name)",
    )
    .option("--positive <value>", "the label value that means churned (default: the one meaning yes/true/1)")
    .option(
      "--sample <n>",
      "rows to look at (a seeded uniform sample of the whole file)",
      String(DEFAULT_SAMPLE_ROWS),
    )
    .option("--json", "print a JSON report instead of a summary")
    .option("--force", "overwrite --out if it exists")
    .action(lazy(() => import("../actions/data-init.ts")));
}
