// The terminal adapter's public face: `engagetrack ask` and `engagetrack chat` over the
// conversation layer, writing charts as PNG files and printing their paths.
export { askQuestion, type TerminalSession } from "./ask-question.ts";
export { runChat, type ChatIo } from "./run-chat.ts";
export { terminalText } from "./terminal-text.ts";
export { writeReplyOutputs, fileSafe, type ReplyOutputs } from "./write-reply-outputs.ts";
