/** Exit codes of the `engagetrack` CLI. */
export const ExitCode = {
  ok: 0,
  /** The command ran, but found problems in the data (rejected rows, failed checks). */
  dataProblems: 1,
  /** Unusable input or a usage error: nothing useful could be done. */
  unusable: 2,
} as const;

/** A user-facing failure with a stable code: the message is shown, the cause is logged, no stack trace. */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode: number;
  constructor(code: string, message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "CliError";
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.unusable;
  }
}
