import { CodedError } from "../errors/index.ts";

/** Why an experiment cannot be analysed on a table. */
export type ExperimentErrorCode = "outcomes-unknown" | "missing-columns" | "unknown-arm" | "arms";

/**
 * A typed failure of `analyzeExperiment`. `outcomes-unknown` is the normal state of a young
 * experiment (an arm has no customer who has churned or been retained yet), not a fault: surfaces
 * should say "outcomes not known yet" rather than report an error.
 */
export class ExperimentError extends CodedError<ExperimentErrorCode> {
  constructor(code: ExperimentErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = "ExperimentError";
  }
}

/** Whether `err` says the experiment's outcomes are not known yet (see `ExperimentError`). */
export function isOutcomesUnknown(err: unknown): err is ExperimentError {
  return err instanceof ExperimentError && err.code === "outcomes-unknown";
}
