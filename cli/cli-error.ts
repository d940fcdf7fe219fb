import { CodedError } from "../core/src/errors/index.ts";
import type { ContractErrorCode, DataFileErrorCode, DraftErrorCode } from "../core/src/data/index.ts";
import type { ModelFileErrorCode } from "../core/src/model/index.ts";
import type { InsightErrorCode } from "../core/src/report/index.ts";
import type { StoreErrorCode } from "../core/src/store/index.ts";

/**
 * Exit codes of the `engagetrack` CLI (documented in the README's "Exit codes" table, which a test
 * checks against this object).
 */
export const ExitCode = {
  /** The command did what was asked. */
  ok: 0,
  /** The command ran, but found problems in the data (rejected rows, failed checks, a chart it could not draw). */
  dataProblems: 1,
  /** Unusable input or a usage error (bad flag, missing file or snapshot, bad setting): nothing useful could be done. */
  unusable: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The CLI's own failure codes (kebab-case, one per condition). */
export type CliOwnErrorCode =
  | "bad-config"
  | "bad-experiments-file"
  | "bad-input"
  | "bad-option"
  | "bad-owners-file"
  | "bad-output"
  | "bad-params"
  | "bad-sample"
  | "bad-scale"
  | "bad-size"
  | "bad-slot"
  | "bad-strategies"
  | "chart-failed"
  | "chart-unavailable"
  | "commit-refused"
  | "draft-invalid"
  | "evaluation-failed"
  | "experiment-failed"
  | "experiment-unusable"
  | "explain-failed"
  | "ledger-import"
  | "log-unwritable"
  | "missing-column"
  | "missing-customer"
  | "model-exists"
  | "model-unusable"
  | "no-dataset-contract"
  | "no-experiment"
  | "no-labels"
  | "no-snapshot"
  | "outcomes-unknown"
  | "output-exists"
  | "output-unwritable"
  | "quarantine-is-input"
  | "quarantine-needs-path"
  | "quarantine-unwritable"
  | "snapshot-unreadable"
  | "start-failed"
  | "store-missing"
  | "training-failed"
  | "unknown-chart"
  | "unknown-column"
  | "unknown-customer"
  | "unknown-experiment"
  | "unknown-schedule"
  | "unreadable-input"
  | "write-failed"
  | "xgboost-import";

/** Every code a CLI failure can carry: its own, and those of core's errors it passes on. */
export type CliErrorCode =
  | CliOwnErrorCode
  | ContractErrorCode
  | DataFileErrorCode
  | DraftErrorCode
  | ModelFileErrorCode
  | InsightErrorCode
  | StoreErrorCode;

/**
 * The failures that exit 1: the command ran and the data is what stopped it. Every other code exits
 * 2 (one exit code per condition, whichever command meets it).
 */
export const DATA_PROBLEM_CODES: ReadonlySet<CliErrorCode> = new Set<CliErrorCode>([
  "chart-failed",
  "experiment-failed",
]);

/** The exit code of a failure with this code. */
export function exitCodeOf(code: CliErrorCode): ExitCode {
  return DATA_PROBLEM_CODES.has(code) ? ExitCode.dataProblems : ExitCode.unusable;
}

/** A user-facing failure with a stable code: the message is shown, the cause is logged, no stack trace. */
export class CliError extends CodedError<CliErrorCode> {
  readonly exitCode: ExitCode;
  constructor(code: CliErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.name = "CliError";
    this.exitCode = exitCodeOf(code);
  }
}
