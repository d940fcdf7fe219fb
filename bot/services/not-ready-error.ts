/** No model and snapshot to answer from (yet, or any more): the reason says what to do. */
export class NotReadyError extends Error {
  readonly code = "not-ready";
  constructor(reason: string) {
    super(reason);
    this.name = "NotReadyError";
  }
}
