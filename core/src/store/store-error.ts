import { CodedError } from "../errors/index.ts";

/** Why the store could not be used. */
export type StoreErrorCode =
  /** The PostgreSQL server at `DATABASE_URL` cannot be reached or refuses us. */
  | "store-unreachable"
  /** The embedded store's folder is held by another process. */
  | "store-held"
  /** The database's schema is newer than this program (a later version migrated it). */
  | "store-too-new"
  /** `DATABASE_URL` is not a PostgreSQL URL. */
  | "store-config"
  /** A statement failed. */
  | "store-failed";

/**
 * A store failure in one sentence that says what to do; never holds a password.
 *
 * @example
 * throw new StoreError("store-held", "the embedded store data/store is in use by process 4242 …");
 */
export class StoreError extends CodedError<StoreErrorCode> {
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "StoreError";
  }
}
