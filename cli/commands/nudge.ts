/**
 * `engagetrack nudge <customerID> [--event login|refresh] [--llm] [--json]`: the nudge for one
 * customer — action, channel, message, engine, and why — decided on demand or through the event
 * trigger the server's nudge API uses (a repeated event within the cooldown returns the same nudge;
 * the CLI's cooldown store lives for one run). One audit event per run in the usage log.
 */
import { Option, type Command } from "commander";
import { withInsightOptions } from "../insight-options.ts";
import type { LazyAction } from "../lazy-action.ts";

export function register(program: Command, lazy: LazyAction): void {
  withInsightOptions(
    program
      .command("nudge")
      .description("Decide the nudge for one customer: action, channel, message, engine and reasons.")
      .argument("<customerID>", "the customer to nudge")
      .addOption(
        new Option("--event <event>", "decide as the app event trigger does").choices(["login", "refresh"]),
      )
      .option("--snapshot <id>", "snapshot to read (default: the newest)")
      .option("--json", "print JSON instead of a summary"),
  ).action(lazy(() => import("../actions/nudge.ts")));
}
