import { CodedError } from "../errors/index.ts";

export type ContractErrorCode = "contract-not-found" | "contract-unreadable" | "invalid-contract" | "unknown-preset";

/**
 * A dataset contract that cannot be used: one message naming the file, the key and the problem,
 * e.g. `invalid contract "churn.yaml": features[2].type: expected one of number, integer, …`.
 */
export class ContractError extends CodedError<ContractErrorCode> {
  readonly file: string;
  /** Every problem found (the message shows the first few). */
  readonly problems: string[];
  constructor(code: ContractErrorCode, file: string, message: string, options: { problems?: string[]; cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.name = "ContractError";
    this.file = file;
    this.problems = options.problems ?? [message];
  }
}
