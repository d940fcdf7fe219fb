/**
 * `engagetrack ask "<question>" [--charts-dir data/charts] [--json]`: one question to the
 * conversation layer the Slack and Teams bots use — a customer ID, "why is <id> at risk", "top
 * at-risk 10 contract=Month-to-month", "segment plan", "experiment", "summary <id>", "help" —
 * answered from the newest snapshot and its model. Prints the reply; charts are written as PNG
 * files (their paths printed; the text table when the blank-chart guard refuses one), attached
 * files beside them. One audit event (surface "terminal") in the usage log.
 * Exit 0: answered; 2: not understood, unknown customer or experiment, no snapshot, bad settings.
 */
import type { Command } from "commander";
import { DEFAULT_CHARTS_DIR } from "../default-paths.ts";
import { withInsightOptions } from "../insight-options.ts";
import type { LazyAction } from "../lazy-action.ts";

export function register(program: Command, lazy: LazyAction): void {
  withInsightOptions(
    program
      .command("ask")
      .description(
        'Ask EngageTrack a question, as in Slack: "why is 7590-VHVEG at risk", "top at-risk 10", "help".',
      )
      .argument("<question...>", "the question (quote it, or give it as several words)")
      .option("--charts-dir <dir>", "folder for chart PNGs and attached files", DEFAULT_CHARTS_DIR)
      .option(
        "--as <owner>",
        'who "my accounts" means: an owner value or e-mail (default: ENGAGETRACK_CHAT_USER)',
      )
      .option("--json", "print the reply (and where its charts went) as JSON"),
  ).action(lazy(() => import("../actions/ask.ts")));
}
