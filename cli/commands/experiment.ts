/**
 * `engagetrack experiment [key] [--data <csv> | --snapshots <dir>] [--config <file>] [--effect <points>] [--json]`:
 * the A/B report of an experiment on the newest snapshot or a labelled customer file. On a
 * snapshot, the experiment is the one its data set's contract declares (`experiment`: the arm
 * column, arms and control), with what the experiments file adds for that key; a data set that
 * declares none has no experiment. `--data` reads the demo's simulator-shaped file (its `variant`,
 * nudge-strategy-2026 by default). Prints a table and a one-line verdict, or the ExperimentReport
 * as JSON. Exit 0: done; 1: the report is untrustworthy (sample ratio mismatch, assignment
 * differs) or rows were rejected; 2: unusable input (no experiment declared, unknown experiment,
 * no known outcomes yet, no snapshot, bad config).
 */
import type { Command } from "commander";
import { DEFAULT_SNAPSHOTS_DIR } from "../default-paths.ts";
import { DEFAULT_EXPERIMENTS_FILE } from "../../core/src/experiments/read-experiment-config.ts";
import type { LazyAction } from "../lazy-action.ts";

export function register(program: Command, lazy: LazyAction): void {
  program
    .command("experiment")
    .description(
      "A/B experiment report: churn and engagement by variant, intervals, checks, power and a verdict.",
    )
    .argument(
      "[key]",
      "experiment key (default: the one the data set's contract declares; with --data, nudge-strategy-2026)",
    )
    .option("--data <csv>", "labelled customer file (default: the newest snapshot)")
    .option("--snapshots <dir>", "snapshots directory", DEFAULT_SNAPSHOTS_DIR)
    .option(
      "--config <file>",
      `experiments file (default: ${DEFAULT_EXPERIMENTS_FILE}, or the built-in experiment)`,
    )
    .option(
      "--effect <points>",
      "fall in churn to plan for, in percentage points (default: the experiment's)",
    )
    .option("--json", "print the ExperimentReport as JSON")
    .option(
      "--store <dir>",
      "embedded shared store whose nudge exposures make the population (default: DATABASE_URL's, else none)",
    )
    .action(lazy(() => import("../actions/experiment.ts")));
}
