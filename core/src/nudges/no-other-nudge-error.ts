import { CodedError } from "../errors/index.ts";

/**
 * Regenerate found no other eligible nudge: every action the customer may get was already shown.
 * Not a fault: surfaces say there is no other nudge, and which ones were shown.
 */
export class NoOtherNudgeError extends CodedError<"no-other-nudge"> {
  /** The eligible actions, all of them already shown. */
  readonly eligible: readonly string[];
  constructor(eligible: readonly string[]) {
    super(
      "no-other-nudge",
      `no other eligible nudge: ${eligible.length === 1 ? "the only eligible action" : `all ${eligible.length} eligible actions`} (${eligible.join(", ")}) already shown`,
    );
    this.name = "NoOtherNudgeError";
    this.eligible = eligible;
  }
}

/** Whether `err` says there is no other eligible nudge (see `NoOtherNudgeError`). */
export function isNoOtherNudge(err: unknown): err is NoOtherNudgeError {
  return err instanceof NoOtherNudgeError;
}
