/**
 * `engagetrack run` (what `npm start` runs): the main job on embedded defaults. Simulates customers
 * (or reads ENGAGETRACK_DATA), validates them, trains and calibrates the model, scores and explains
 * everyone into a snapshot, and reports what it did and who to call first.
 */
import type { Command } from "commander";
import type { LazyAction } from "../lazy-action.ts";

export function register(program: Command, lazy: LazyAction): void {
  program
    .command("run")
    .description(
      "The main job: data → validation → model → scores and explanations → snapshot, then a report.",
    )
    .option("--json", "print a JSON report instead of a summary")
    .addHelpText(
      "after",
      "\nConfigured by the environment (see .env.example): ENGAGETRACK_DATA, ENGAGETRACK_SIMULATE_ROWS, ENGAGETRACK_SEED,\nENGAGETRACK_MODEL_DIR, ENGAGETRACK_SNAPSHOTS_DIR, ENGAGETRACK_OFFER_COST, ENGAGETRACK_CUSTOMER_VALUE.",
    )
    .action(lazy(() => import("../actions/run.ts")));
}
