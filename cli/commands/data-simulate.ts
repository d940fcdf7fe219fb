/**
 * `engagetrack data simulate --rows N --seed S --out file.csv [--experiment-key K] [--json]`:
 * writes a simulated customer file (Telco columns, enrichment, an invented account owner,
 * simulation truth) with bounded memory. Exit 0 on success; 2 for bad options or an unwritable path.
 */
import type { Command } from "commander";
import { DEFAULT_SIMULATION_SEED } from "../../core/src/data/simulator.ts";
import { DEFAULT_EXPERIMENT_KEY } from "../../core/src/data/variant.ts";
import type { LazyAction } from "../lazy-action.ts";

/** Customers `data simulate` writes unless --rows says otherwise. */
export const DEFAULT_ROWS = 10_000;

export function registerDataSimulate(data: Command, lazy: LazyAction): void {
  data
    .command("simulate")
    .description("Write a simulated customer file (seeded: the same seed gives the same file).")
    .requiredOption("--out <csv>", "file to write")
    .option("--rows <n>", "how many customers", String(DEFAULT_ROWS))
    .option("--seed <s>", "an integer from 0 to 4294967295", String(DEFAULT_SIMULATION_SEED))
    .option(
      "--experiment-key <key>",
      "experiment whose A/B arm goes in the variant column",
      DEFAULT_EXPERIMENT_KEY,
    )
    .option("--json", "print a JSON report instead of a summary")
    .action(lazy(() => import("../actions/data-simulate.ts")));
}
