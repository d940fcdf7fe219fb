import type { ChartRenderer } from "../../core/src/charts/server.ts";
import { respond, type Asker, type ConversationServices, type Reply } from "../conversation/index.ts";
import { writeReplyOutputs, type ReplyOutputs } from "./write-reply-outputs.ts";

/** What the terminal adapter holds for its lifetime: the conversation's services, the asker and a warm renderer. */
export interface TerminalSession {
  services: ConversationServices;
  /** The OS user, surface "terminal". */
  asker: Asker;
  renderer: ChartRenderer;
  /** Where chart PNGs and attached files are written. */
  chartsDir: string;
  /** Where CSV exports are written (default data/outbox/exports). */
  exportsDir?: string;
}

/**
 * One question through the conversation layer (one audit event), with its charts drawn and its
 * files written to the session's folder.
 *
 * @example
 * const { reply, outputs } = await askQuestion("top at-risk 5", session);
 * process.stdout.write(terminalText(reply, outputs));
 */
export async function askQuestion(
  question: string,
  session: TerminalSession,
): Promise<{ reply: Reply; outputs: ReplyOutputs }> {
  const reply = await respond(question, session.asker, session.services);
  const outputs = await writeReplyOutputs(reply, session.chartsDir, session.renderer, session.exportsDir);
  return { reply, outputs };
}
