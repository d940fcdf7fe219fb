import { stringify } from "csv-stringify/sync";
import { csvSafe } from "../../core/src/index.ts";

/**
 * A table as RFC 4180 CSV: CRLF after every record, a field quoted when it holds a comma, a
 * double quote, CR or LF (quotes doubled), or starts or ends with a space; every text cell and
 * header through core's `csvSafe` — one starting with = + - @ tab or CR gets a leading ', so a
 * spreadsheet shows it as text instead of running it as a formula (a plain number such as
 * "-12.5" stays a number). Numbers are written as numbers.
 *
 * @example
 * csvText(["ID", "Note"], [["A-1", "=HYPERLINK(\"x\")"]]);
 * // 'ID,Note\r\nA-1,"\'=HYPERLINK(""x"")"\r\n'
 */
export function csvText(
  columns: readonly string[],
  records: ReadonlyArray<ReadonlyArray<string | number>>,
): string {
  return stringify([columns.map((c) => csvSafe(c)), ...records.map((r) => r.map((v) => csvSafe(v)))], {
    record_delimiter: "\r\n",
    // A lone CR or LF too: csv-stringify quotes only fields holding the record delimiter itself.
    quoted_match: /^\s|\s$|[\r\n]/,
  });
}
