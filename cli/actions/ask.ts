/**
 * `engagetrack ask "<question>" [--charts-dir data/charts] [--json]`: one question to the
 * conversation layer the Slack and Teams bots use — a customer ID, "why is <id> at risk", "top
 * at-risk 10 contract=Month-to-month", "segment plan", "experiment", "summary <id>", "help" —
 * answered from the newest snapshot and its model. Prints the reply; charts are written as PNG
 * files (their paths printed; the text table when the blank-chart guard refuses one), attached
 * files beside them. One audit event (surface "terminal") in the usage log.
 * Exit 0: answered; 2: not understood, unknown customer or experiment, no snapshot, bad settings.
 */
import type { CliIo } from "../cli-io.ts";
import { terminalText, askQuestion } from "../../bot/terminal/index.ts";
import type { Reply } from "../../bot/conversation/index.ts";
import { ExitCode } from "../cli-error.ts";
import { insightConfigFrom } from "../../core/src/settings/index.ts";
import { openTerminal, type TerminalOptions } from "../terminal-input.ts";

interface AskOptions extends TerminalOptions {
  json?: boolean;
}

export async function action(io: CliIo, words: string[], options: AskOptions): Promise<number | void> {
  const { session, close } = await openTerminal(options, insightConfigFrom(io.env), io.env, "ask");
  try {
    const { reply, outputs } = await askQuestion(words.join(" "), session);
    io.stdout.write(
      options.json ? `${JSON.stringify({ reply, outputs }, null, 2)}\n` : terminalText(reply, outputs),
    );
    return exitCodeFor(reply);
  } finally {
    await close();
  }
}

/** 0 when the question was answered (an empty at-risk list too); 2 when it could not be. */
export function exitCodeFor(reply: Reply): number {
  return reply.kind === "menu" || reply.kind === "not-found" || reply.kind === "error"
    ? ExitCode.unusable
    : ExitCode.ok;
}
