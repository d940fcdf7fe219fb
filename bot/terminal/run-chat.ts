import { createInterface } from "node:readline";
import { displaySafe } from "../../core/src/index.ts";
import { askQuestion, type TerminalSession } from "./ask-question.ts";
import { terminalText } from "./terminal-text.ts";

export interface ChatIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Show a prompt and use line editing (an interactive terminal); false for piped input. */
  terminal: boolean;
}

const EXIT = /^(exit|quit|bye|q|:q|\\q)$/i;

/**
 * The interactive chat (`engagetrack chat`): reads questions line by line, answers each through
 * the conversation layer and prints the reply, chart paths and follow-ups, until `exit`, `quit`,
 * end of input (Ctrl-D) or Ctrl-C. Questions are answered one at a time, in order. A failure to
 * write a chart is printed and the chat goes on. Returns how many questions were answered.
 */
export async function runChat(session: TerminalSession, io: ChatIo): Promise<number> {
  const snapshot = session.services.snapshot();
  const write = (text: string) => io.output.write(text);
  write(
    `EngageTrack chat${snapshot ? ` on snapshot ${snapshot.manifest.id} (${snapshot.size.toLocaleString("en-US")} customers)` : ""}. ` +
      `Ask "help" for what you can ask; "exit" or Ctrl-D to leave.\n`,
  );
  const rl = createInterface({
    input: io.input,
    output: io.terminal ? io.output : undefined,
    terminal: io.terminal,
  });
  rl.setPrompt("engagetrack> ");
  // Ctrl-C in a terminal leaves the chat like Ctrl-D (readline would only pause without a listener).
  rl.on("SIGINT", () => rl.close());
  let answered = 0;
  if (io.terminal) rl.prompt();
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (EXIT.test(line)) break;
      if (line !== "") {
        try {
          const { reply, outputs } = await askQuestion(line, session);
          answered++;
          write(`${terminalText(reply, outputs)}\n`);
        } catch (err) {
          write(`engagetrack: ${displaySafe((err as Error).message, { singleLine: true })}\n\n`);
        }
      }
      if (io.terminal) rl.prompt();
    }
  } finally {
    rl.close();
  }
  return answered;
}
