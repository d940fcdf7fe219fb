/**
 * `engagetrack chat [--charts-dir data/charts] [--as <owner>]`: the interactive chat — the same conversation
 * layer as `engagetrack ask` and the Slack bot, one question per line, charts written as PNG files
 * — until `exit`, `quit` or Ctrl-D. Reads the newest snapshot and its model once at start. One
 * audit event per question (surface "terminal") in the usage log.
 */
import type { Command } from "commander";
import { DEFAULT_CHARTS_DIR } from "../default-paths.ts";
import { withInsightOptions } from "../insight-options.ts";
import type { LazyAction } from "../lazy-action.ts";

export function register(program: Command, lazy: LazyAction): void {
  withInsightOptions(
    program
      .command("chat")
      .description("Chat with EngageTrack in the terminal: ask about customers, segments and experiments.")
      .option("--charts-dir <dir>", "folder for chart PNGs and attached files", DEFAULT_CHARTS_DIR)
      .option(
        "--as <owner>",
        'who "my accounts" means: an owner value or e-mail (default: ENGAGETRACK_CHAT_USER)',
      ),
  ).action(lazy(() => import("../actions/chat.ts")));
}
