/**
 * The seeded accounts table (core/test/fixtures/accounts-table.ts: another schema than Telco) as a
 * CSV file with a training sample beside it, and as the other two sources the product reads: the same rows as a Parquet file and as a PostgreSQL table,
 * with typed columns taken from the accounts contract — numbers and integers as double precision
 * (Parquet DOUBLE), booleans as boolean ("yes" → true), everything else (id, categories, the label)
 * as text, a blank cell as NULL. Rows keep the CSV's order, so all three give the same snapshot.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ParquetWriter, fileWriter } from "hyparquet-writer";
import pg from "pg";
import { ACCOUNT_COLUMNS, accountsCsv } from "../../core/test/fixtures/accounts-table.ts";
import { ACCOUNTS_CONTRACT } from "../../core/test/fixtures/accounts-cv.ts";

type Kind = "double" | "boolean" | "text";

const featureType = new Map<string, string>(ACCOUNTS_CONTRACT.features.map((f) => [f.column, f.type]));
const KINDS: readonly Kind[] = ACCOUNT_COLUMNS.map((column) => {
  const type = featureType.get(column);
  return type === "number" || type === "integer" ? "double" : type === "boolean" ? "boolean" : "text";
});

/**
 * Writes `accounts.csv` (a quarter of the rows current customers, with no outcome yet, as in a live
 * table) and `accounts-train.csv` (its first `trainRows` rows) in `dir`; returns their paths and
 * the table's data lines (no header) for the other sources.
 */
export function writeAccountsCsvFiles(
  dir: string,
  options: { rows: number; trainRows: number; seed: number },
): { csv: string; train: string; lines: string[] } {
  const text = accountsCsv({ rows: options.rows, seed: options.seed, currentShare: 0.25 });
  const csv = join(dir, "accounts.csv");
  writeFileSync(csv, text);
  const all = text.trimEnd().split("\n");
  const train = join(dir, "accounts-train.csv");
  // The rows are drawn independently, so the first ones are a random sample of the table.
  writeFileSync(train, `${all.slice(0, options.trainRows + 1).join("\n")}\n`);
  return { csv, train, lines: all.slice(1) };
}

function value(kind: Kind, cell: string): number | boolean | string | null {
  if (cell === "") return null;
  return kind === "double" ? Number(cell) : kind === "boolean" ? cell === "yes" : cell;
}

/** Rows `start…start+n` of `lines` (CSV data lines, no header) as one array per column. */
function columnsOf(lines: readonly string[], start: number, n: number): unknown[][] {
  const columns = KINDS.map(() => new Array<unknown>(n));
  for (let i = 0; i < n; i++) {
    const cells = lines[start + i].split(",");
    if (cells.length !== KINDS.length) throw new Error(`row ${start + i + 1}: ${cells.length} cells`);
    for (let j = 0; j < KINDS.length; j++) columns[j][i] = value(KINDS[j], cells[j]);
  }
  return columns;
}

/** Writes the rows as Parquet (snappy), one row group of `rowsPerGroup` at a time. */
export async function writeAccountsParquet(
  path: string,
  lines: readonly string[],
  rowsPerGroup = 65_536,
): Promise<void> {
  const writer = new ParquetWriter({
    writer: fileWriter(path),
    schema: [
      { name: "root", num_children: ACCOUNT_COLUMNS.length },
      ...ACCOUNT_COLUMNS.map((name, j) => {
        const base = { name, repetition_type: "OPTIONAL" as const };
        const kind = KINDS[j];
        if (kind === "double") return { ...base, type: "DOUBLE" as const };
        if (kind === "boolean") return { ...base, type: "BOOLEAN" as const };
        return { ...base, type: "BYTE_ARRAY" as const, converted_type: "UTF8" as const };
      }),
    ],
  });
  for (let start = 0; start < lines.length; start += rowsPerGroup) {
    const n = Math.min(rowsPerGroup, lines.length - start);
    const data = columnsOf(lines, start, n);
    await writer.write({
      columnData: ACCOUNT_COLUMNS.map((name, j) => ({ name, data: data[j] })),
      rowGroupSize: n,
    });
  }
  await writer.finish();
}

/**
 * Creates `table` and inserts the rows in order, `batchRows` per INSERT … SELECT FROM unnest(one
 * typed array per column): a few parameters per batch instead of one per cell.
 */
export async function loadAccountsPostgres(
  url: string,
  table: string,
  lines: readonly string[],
  batchRows = 50_000,
): Promise<void> {
  const sqlType = { double: "double precision", boolean: "boolean", text: "text" } as const;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = ACCOUNT_COLUMNS.map((c, j) => `${c} ${sqlType[KINDS[j]]}`);
    await client.query(`CREATE TABLE ${table} (${columns.join(", ")})`);
    const arrays = KINDS.map((k, j) => `$${j + 1}::${sqlType[k]}[]`).join(", ");
    // unnest(a, b, …) yields the arrays' elements side by side, in array order.
    const insert = `INSERT INTO ${table} SELECT * FROM unnest(${arrays})`;
    for (let start = 0; start < lines.length; start += batchRows) {
      await client.query(insert, columnsOf(lines, start, Math.min(batchRows, lines.length - start)));
    }
    await client.query(`VACUUM ANALYZE ${table}`);
  } finally {
    await client.end();
  }
}
