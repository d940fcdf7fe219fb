import { CodedError } from "../errors/index.ts";

/** Why an insight could not be built; stable codes for the CLI, the bot and the API. */
export type InsightErrorCode = "unknown-customer" | "model-mismatch" | "model-reads-columns";

export class InsightError extends CodedError<InsightErrorCode> {
  constructor(code: InsightErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.name = "InsightError";
  }
}
