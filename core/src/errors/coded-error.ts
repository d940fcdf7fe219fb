/**
 * The base of every EngageTrack error: a message for people (one sentence naming the bad thing) and
 * a stable `code` for programs, logs and support — kebab-case everywhere (`snapshot-unreadable`),
 * one code per condition. Each class narrows `C` to its own union of codes; each edge maps codes
 * to what it shows: the CLI to exit codes (cli/cli-error.ts), HTTP to statuses
 * (bot/http/http-error.ts), chat to reply sentences (bot/slack/slack-error.ts).
 *
 * @example
 * class StoreError extends CodedError<"store-held" | "store-unreachable"> {}
 * new StoreError("store-held", "the embedded store data/store is held by engagetrack serve").code; // "store-held"
 */
export class CodedError<C extends string = string> extends Error {
  readonly code: C;
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Codes are kebab-case: lower-case words joined by single hyphens. */
export const ERROR_CODE_SPELLING = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Whether `err` is one of ours, with a stable code. */
export function isCodedError(err: unknown): err is CodedError {
  return err instanceof CodedError;
}
