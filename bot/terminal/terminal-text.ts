import { displaySafe } from "../../core/src/index.ts";
import { wrapText } from "../../core/src/report/index.ts";
import type { Reply } from "../conversation/index.ts";
import type { ReplyOutputs } from "./write-reply-outputs.ts";

/** Widest line of a customer answer in the terminal (a contract's labels and phrases may be long). */
export const TERMINAL_WIDTH = 100;

/**
 * A reply as the terminal prints it: the reply's plain text (each line over `TERMINAL_WIDTH`
 * word-wrapped, continuation lines indented; tables are laid out within it already), then where its charts and files were written (a
 * refused chart prints its table instead), then the follow-up questions its buttons would ask, as
 * commands to type (never wrapped: they are meant to be copied).
 *
 * @example
 * process.stdout.write(terminalText(reply, await writeReplyOutputs(reply, "data/charts", renderer)));
 */
export function terminalText(reply: Reply, outputs: ReplyOutputs): string {
  const lines = [wrapLines(reply.text)];
  for (const chart of outputs.charts) {
    if (chart.kind === "png") lines.push(`chart: ${displaySafe(chart.path, { singleLine: true })}`);
    else lines.push(`chart ${chart.id} not drawn (${chart.reason}); its table:`, chart.text);
  }
  for (const file of outputs.files) lines.push(`file: ${displaySafe(file.path, { singleLine: true })}`);
  if (reply.kind === "not-found" && reply.menu?.length) {
    lines.push(`try: ${reply.menu.map((m) => m.value).join(" · ")}`);
  }
  if (reply.actions.length) lines.push(`next: ${reply.actions.map((a) => a.value).join(" · ")}`);
  return `${lines.join("\n")}\n`;
}

/** Each line over the width, wrapped at spaces; continuation lines indented past the line's own indent. */
function wrapLines(text: string): string {
  return text
    .split("\n")
    .flatMap((line) => {
      if (line.length <= TERMINAL_WIDTH) return [line];
      const indent = /^ */.exec(line)![0];
      return wrapText(line.slice(indent.length), indent, `${indent}    `, TERMINAL_WIDTH);
    })
    .join("\n");
}
