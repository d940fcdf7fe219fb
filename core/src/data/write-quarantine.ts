import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { csvSafe } from "./csv-safe.ts";
import type { RejectedRow } from "./row-error.ts";

/**
 * Where the quarantine file of `input` goes: `<dir>/<name>.quarantine.csv` when a directory is
 * given, otherwise beside the input.
 *
 * @example
 * quarantinePathFor("data/customers.csv")          // → "data/customers.quarantine.csv"
 * quarantinePathFor("data/customers.csv", "out")   // → "out/customers.quarantine.csv"
 */
export function quarantinePathFor(input: string, dir?: string): string {
  const name = basename(input).replace(/\.csv$/i, "");
  return join(dir ?? dirname(input), `${name}.quarantine.csv`);
}

/**
 * Writes rejected rows to a CSV with the input's columns plus `line` and `reason`, so nothing is
 * lost and the rows can be fixed and loaded again. Cells go through csvSafe (a spreadsheet shows
 * `=cmd` as text; a plain negative number stays a number). Rows with too few fields are padded
 * with empty cells; the cells of rows with too many fields are listed in their reason. The file
 * is written under a temporary name and renamed, so it is never seen half-written.
 *
 * @example
 * const result = await loadCustomers("customers.csv");
 * await writeQuarantine(quarantinePathFor("customers.csv"), result.rejected, result.columns);
 */
export async function writeQuarantine(
  path: string,
  rejected: Iterable<RejectedRow> | AsyncIterable<RejectedRow>,
  columns: readonly string[],
): Promise<number> {
  const tmp = `${path}.${process.pid}.tmp`;
  let count = 0;
  async function* rows() {
    for await (const row of rejected) {
      const cells = columns.map((_, i) => csvSafe(row.cells[i] ?? ""));
      count++;
      yield [...cells, row.line, csvSafe(row.reason)];
    }
  }
  try {
    await pipeline(
      Readable.from(rows()),
      stringify({ header: true, columns: [...columns, "line", "reason"].map((c) => csvSafe(c)), record_delimiter: "unix" }),
      createWriteStream(tmp),
    );
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return count;
}
