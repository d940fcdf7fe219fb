import { displaySafe } from "../../core/src/index.ts";
import type { Reply } from "../conversation/index.ts";
import type { ReplyOutputs } from "./write-reply-outputs.ts";

/**
 * A reply as the terminal prints it: the reply's plain text, then where its charts and files were
 * written (a refused chart prints its table instead), then the follow-up questions its buttons
 * would ask, as commands to type.
 *
 * @example
 * process.stdout.write(terminalText(reply, await writeReplyOutputs(reply, "data/charts", renderer)));
 */
export function terminalText(reply: Reply, outputs: ReplyOutputs): string {
  const lines = [reply.text];
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
