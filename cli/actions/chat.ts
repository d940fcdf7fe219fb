/**
 * `engagetrack chat [--charts-dir data/charts]`: the interactive chat — the same conversation
 * layer as `engagetrack ask` and the Slack bot, one question per line, charts written as PNG files
 * — until `exit`, `quit` or Ctrl-D. Reads the newest snapshot and its model once at start. One
 * audit event per question (surface "terminal") in the usage log.
 */
import type { CliIo } from "../cli-io.ts";
import { runChat } from "../../bot/terminal/index.ts";
import { insightConfigFrom } from "../../core/src/settings/index.ts";
import { openTerminal, type TerminalOptions } from "../terminal-input.ts";

export async function action(io: CliIo, options: TerminalOptions): Promise<number | void> {
  const { session, close } = await openTerminal(options, insightConfigFrom(io.env), io.env);
  try {
    await runChat(session, {
      input: io.stdin,
      output: io.stdout,
      terminal: Boolean(io.stdin.isTTY && io.stdout.isTTY),
    });
  } finally {
    await close();
  }
}
