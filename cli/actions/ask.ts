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
import { terminalText, askQuestion } from "../../bot/terminal/index.ts";
import type { Reply } from "../../bot/conversation/index.ts";
import { ExitCode } from "../cli-error.ts";
import { insightConfigFrom } from "../../core/src/settings/index.ts";
import { DEFAULT_CHARTS_DIR, openTerminal, type TerminalOptions } from "../terminal-input.ts";
import { withInsightOptions } from "../insight-options.ts";

interface AskOptions extends TerminalOptions {
  json?: boolean;
}

export function register(program: Command): void {
  withInsightOptions(
    program
      .command("ask")
      .description(
        'Ask EngageTrack a question, as in Slack: "why is 7590-VHVEG at risk", "top at-risk 10", "help".',
      )
      .argument("<question...>", "the question (quote it, or give it as several words)")
      .option("--charts-dir <dir>", "folder for chart PNGs and attached files", DEFAULT_CHARTS_DIR)
      .option("--json", "print the reply (and where its charts went) as JSON"),
  ).action(async (words: string[], options: AskOptions) => {
    const { session, close } = await openTerminal(options, insightConfigFrom(process.env), "ask");
    try {
      const { reply, outputs } = await askQuestion(words.join(" "), session);
      process.stdout.write(
        options.json ? `${JSON.stringify({ reply, outputs }, null, 2)}\n` : terminalText(reply, outputs),
      );
      process.exitCode = exitCodeFor(reply);
    } finally {
      await close();
    }
  });
}

/** 0 when the question was answered (an empty at-risk list too); 2 when it could not be. */
export function exitCodeFor(reply: Reply): number {
  return reply.kind === "menu" || reply.kind === "not-found" || reply.kind === "error"
    ? ExitCode.unusable
    : ExitCode.ok;
}
