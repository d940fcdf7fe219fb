/**
 * `engagetrack report <customerID> [--format txt|json] [--out file] [--llm]`: the one-click customer
 * summary — subscription, behaviour, churn probability and band, drivers in words, what-if actions,
 * the nudge and the engine that wrote it, model version and snapshot time — from the newest snapshot
 * (or `--snapshot <id>`) and the model that scored it. One audit event per run in the usage log.
 * Exit 0: written; 2: unknown customer, no snapshot, model mismatch or bad settings.
 */
import { Option, type Command } from "commander";
import { withInsightOptions } from "../insight-options.ts";
import type { LazyAction } from "../lazy-action.ts";

export function register(program: Command, lazy: LazyAction): void {
  withInsightOptions(
    program
      .command("report")
      .description("Write one customer's summary: risk, drivers, what-if actions, nudge, model and snapshot.")
      .argument("<customerID>", "the customer to report on")
      .addOption(new Option("--format <format>", "txt or json").choices(["txt", "json"]).default("txt"))
      .option("--out <file>", "write the report to this file instead of standard output")
      .option("--snapshot <id>", "snapshot to read (default: the newest)"),
  ).action(lazy(() => import("../actions/report.ts")));
}
