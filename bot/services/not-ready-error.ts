import { CodedError } from "../../core/src/errors/index.ts";

/** No model and snapshot to answer from (yet, or any more): the reason says what to do. */
export class NotReadyError extends CodedError<"not-ready"> {
  constructor(reason: string) {
    super("not-ready", reason);
    this.name = "NotReadyError";
  }
}
