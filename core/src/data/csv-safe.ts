/** A plain decimal number, optionally signed: a spreadsheet reads it as a number, never a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** First characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralises a cell for a CSV export that someone may open in a spreadsheet (CSV injection):
 * a string starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so it
 * shows as text instead of running as a formula. Decision: a string that is a plain number
 * (`-12.5`, `+3`, `-1e-3`) is left as it is, so negative amounts stay numeric; anything else
 * after the sign (`-2+3`, `=1`, `-A1`) is prefixed. Non-strings (numbers, null, ...) pass unchanged.
 *
 * @example
 * csvSafe("=HYPERLINK(\"http://x\")") // → "'=HYPERLINK(\"http://x\")"
 * csvSafe("-12.5")                   // → "-12.5"
 * csvSafe("-2+3")                    // → "'-2+3"
 * csvSafe(42)                        // → 42
 */
export function csvSafe<T>(cell: T): T | string {
  if (typeof cell !== "string" || !FORMULA_START.test(cell) || PLAIN_NUMBER.test(cell)) return cell;
  return `'${cell}`;
}
