/**
 * `engagetrack chat [--charts-dir data/charts]`: the interactive chat — the same conversation
 * layer as `engagetrack ask` and the Slack bot, one question per line, charts written as PNG files
 * — until `exit`, `quit` or Ctrl-D. Reads the newest snapshot and its model once at start. One
 * audit event per question (surface "terminal") in the usage log.
 */
import type { Command } from "commander";
import { runChat } from "../../bot/terminal/index.ts";
import { insightConfigFrom } from "../../core/src/settings/index.ts";
import { DEFAULT_CHARTS_DIR, openTerminal, type TerminalOptions } from "../terminal-input.ts";
import { withInsightOptions } from "../insight-options.ts";

export function register(program: Command): void {
  withInsightOptions(
    program
      .command("chat")
      .description("Chat with EngageTrack in the terminal: ask about customers, segments and experiments.")
      .option("--charts-dir <dir>", "folder for chart PNGs and attached files", DEFAULT_CHARTS_DIR),
  ).action(async (options: TerminalOptions) => {
    const { session, close } = await openTerminal(options, insightConfigFrom(process.env));
    try {
      await runChat(session, {
        input: process.stdin,
        output: process.stdout,
        terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      });
    } finally {
      await close();
    }
  });
}
