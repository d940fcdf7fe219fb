import { CodedError } from "../errors/index.ts";

/** Why an LLM call failed; stable codes, used as fallback reasons (`llm-<code>`). */
export type LlmErrorCode =
  "timeout" | "rate-limited" | "server-error" | "client-error" | "unauthorized" | "network" | "bad-response";

/** A failed chat-completions call. `retryable` errors were retried before this was thrown. */
export class LlmError extends CodedError<LlmErrorCode> {
  readonly status: number | null;
  readonly attempts: number;
  constructor(
    code: LlmErrorCode,
    message: string,
    options: { status?: number; attempts?: number; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.name = "LlmError";
    this.status = options.status ?? null;
    this.attempts = options.attempts ?? 1;
  }
}
