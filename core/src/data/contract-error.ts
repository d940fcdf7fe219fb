export type ContractErrorCode = "contract_not_found" | "contract_unreadable" | "invalid_contract" | "unknown_preset";

/**
 * A dataset contract that cannot be used: one message naming the file, the key and the problem,
 * e.g. `invalid contract "churn.yaml": features[2].type: expected one of number, integer, …`.
 */
export class ContractError extends Error {
  readonly code: ContractErrorCode;
  readonly file: string;
  /** Every problem found (the message shows the first few). */
  readonly problems: string[];
  constructor(code: ContractErrorCode, file: string, message: string, options: { problems?: string[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "ContractError";
    this.code = code;
    this.file = file;
    this.problems = options.problems ?? [message];
  }
}
