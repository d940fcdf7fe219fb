/**
 * Where customers come from: a CSV file, a Parquet file (`.parquet`), or a PostgreSQL table or
 * query (`postgres://…` with `--table` or `--query`). Every source yields the same records (the
 * header, then each row with its line), so one validation path serves them all and the same
 * customers give the same snapshot from any of them.
 */
import { extname } from "node:path";
import { readCsvRecords, type CsvRecord } from "../core/src/data/read-csv-records.ts";
import { readParquetRecords } from "../core/src/data/read-parquet-records.ts";
import {
  isPostgresUrl,
  readPostgresRecords,
  redactPostgresUrl,
} from "../core/src/data/read-postgres-records.ts";
import { CliError } from "./cli-error.ts";

export interface SourceOptions {
  /** PostgreSQL: the table to read (`name` or `schema.name`). */
  table?: string;
  /** PostgreSQL: a query to run instead (read-only). */
  query?: string;
  onBytes?: (bytesRead: number, totalBytes: number) => void;
}

export type SourceKind = "file" | "parquet" | "postgres";

export function sourceKind(location: string): SourceKind {
  if (isPostgresUrl(location)) return "postgres";
  return extname(location).toLowerCase() === ".parquet" ? "parquet" : "file";
}

/** The source's records, header first. */
export function openSourceRecords(location: string, options: SourceOptions = {}): AsyncGenerator<CsvRecord> {
  switch (sourceKind(location)) {
    case "postgres": {
      if ((options.table === undefined) === (options.query === undefined))
        throw new CliError(
          "bad-option",
          "a PostgreSQL source needs --table <name> or --query <sql> (one of them)",
        );
      return readPostgresRecords(location, {
        table: options.table,
        query: options.query,
        file: describe(location, options),
      });
    }
    case "parquet":
      if (options.table !== undefined || options.query !== undefined)
        throw new CliError("bad-option", "--table and --query are for a PostgreSQL source");
      return readParquetRecords(location, { onBytes: options.onBytes });
    case "file":
      if (options.table !== undefined || options.query !== undefined)
        throw new CliError("bad-option", "--table and --query are for a PostgreSQL source");
      return readCsvRecords(location, { onBytes: options.onBytes });
  }
}

/** The name messages use for a source (a PostgreSQL URL without its password, with the table). */
function describe(location: string, options: SourceOptions): string {
  if (sourceKind(location) !== "postgres") return location;
  const url = redactPostgresUrl(location);
  return options.table !== undefined ? `${url} table ${options.table}` : `${url} query`;
}
openSourceRecords.describe = describe;
