/** One problem with one cell (or, when `column` is null, with a whole row). */
export interface RowError {
  file: string;
  /** Physical line where the row starts (header = line 1), correct across quoted newlines. */
  line: number;
  /** The column, or null for row-level problems (wrong number of fields). */
  column: string | null;
  /** The offending raw value, as read. */
  value: string;
  /** Why it is wrong, e.g. `not one of "Month-to-month", "One year", "Two year"`. */
  reason: string;
  /** The full sentence, see {@link rowErrorMessage}. */
  message: string;
}

/** A row kept out of the load, with its raw cells so that nothing is lost (see writeQuarantine). */
export interface RejectedRow {
  line: number;
  /** The raw cells in file order (may be shorter or longer than the header for ragged rows). */
  cells: string[];
  /** Every problem of the row, `; `-joined messages. */
  reason: string;
}

/**
 * The one message format for row problems.
 *
 * @example
 * rowErrorMessage({ what: "invalid", line: 4, column: "Contract", value: "Three year", reason: "not one of ..." })
 * // → 'invalid Contract: "Three year" (line 4, column Contract): not one of ...'
 */
export function rowErrorMessage(p: {
  what: string;
  line: number;
  column: string | null;
  value: string;
  reason: string;
}): string {
  const subject = p.column === null ? p.what : `${p.what} ${p.column}`;
  const where = p.column === null ? `line ${p.line}` : `line ${p.line}, column ${p.column}`;
  return `${subject}: ${JSON.stringify(shorten(p.value))} (${where}): ${p.reason}`;
}

/** Keep messages one line and short even when a cell is huge. */
function shorten(value: string, max = 80): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
