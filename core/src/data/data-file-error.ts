import { CodedError } from "../errors/index.ts";

/** Why a whole file could not be used (as opposed to single rows, which are rejected and kept). */
export type DataFileErrorCode =
  | "not-found"
  | "unreadable"
  | "not-a-file"
  | "empty"
  | "header-only"
  | "missing-columns"
  | "duplicate-columns"
  | "invalid-utf8"
  | "binary"
  | "field-too-large"
  | "record-too-large"
  | "unclosed-quote"
  | "malformed-csv"
  | "malformed-parquet"
  | "unsupported-parquet"
  | "database-unreachable"
  | "database-error";

/**
 * A file-level failure: the file as a whole cannot be loaded. The message is one short sentence
 * naming the file and, where it is known, the line; `code` is stable for programs and tests.
 *
 * @example
 * try { await loadCustomers("in.csv") } catch (e) {
 *   if (e instanceof DataFileError && e.code === "missing-columns") console.error(e.message);
 * }
 */
export class DataFileError extends CodedError<DataFileErrorCode> {
  readonly file: string;
  /** Physical line (header = 1) where the problem was found, when there is one. */
  readonly line: number | undefined;
  constructor(
    code: DataFileErrorCode,
    file: string,
    message: string,
    options: { line?: number; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.name = "DataFileError";
    this.file = file;
    this.line = options.line;
  }
}

/** Maps a read error (ENOENT, EACCES, EISDIR, ...) to a file-level error. */
export function fileOpenError(err: unknown, file: string): DataFileError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const name = JSON.stringify(file);
  if (code === "ENOENT") return new DataFileError("not-found", file, `file not found: ${name}`, { cause: err });
  if (code === "EISDIR") return new DataFileError("not-a-file", file, `not a file: ${name}`, { cause: err });
  const why = err instanceof Error ? err.message : String(err);
  return new DataFileError("unreadable", file, `cannot read ${name}: ${code ?? why}`, { cause: err });
}
