import pg from "pg";
import Cursor from "pg-cursor";
import { DataFileError } from "./data-file-error.ts";
import type { CsvRecord } from "./read-csv-records.ts";

export interface PostgresReadOptions {
  /** A table to read whole: `name` or `schema.name`, as spelled in the catalog (case-sensitive). */
  table?: string;
  /** A query to run as given (inside a read-only transaction). Give exactly one of `table` and `query`. */
  query?: string;
  /** Rows fetched per round trip (default 10 000): at most this many rows are held at once. */
  batchRows?: number;
  /** The name used in messages (default: the redacted URL with the table or query); never holds the password. */
  file?: string;
}

const CONNECT_TIMEOUT_MS = 10_000;
const CLEANUP_MS = 5_000;

// Session settings that fix the text form of values, whatever the server's or role's defaults:
// UTC timestamps, ISO dates, shortest round-trip floats (3 also gives exact digits on PG < 12).
// SET LOCAL lasts only for this transaction, so a pooled (pgbouncer) session is left as it was.
const BEGIN_SQL = [
  "BEGIN READ ONLY",
  "SET LOCAL TimeZone = 'UTC'",
  "SET LOCAL DateStyle = 'ISO, MDY'",
  "SET LOCAL IntervalStyle = 'postgres'",
  "SET LOCAL extra_float_digits = 3",
  "SET LOCAL bytea_output = 'hex'",
].join("; ");

/**
 * Streams the rows of a PostgreSQL table or query as CSV-shaped records, so that the validation
 * layer sees the same cells as from a CSV file: first the header (field names, line 1), then data
 * row k (0-based) as line k + 2. Every cell is canonical text: NULL → "", booleans "true"/"false",
 * integers and numerics in decimal, floats as `String(Number(x))` ("29.85"), dates "YYYY-MM-DD",
 * timestamps (with or without time zone) ISO 8601 in UTC with milliseconds, as Date#toISOString
 * writes them (`2024-03-01T09:30:00.000Z`; microseconds are truncated), anything else in
 * PostgreSQL's text form. An empty string and NULL both read "", as in a CSV.
 *
 * Rows come in the query's order; a table has no order of its own (it is read in physical order,
 * which updates change), so use a query with ORDER BY when the order matters. Rows are fetched
 * through a cursor, `batchRows` at a time, inside `BEGIN READ ONLY` … `ROLLBACK`; the cursor and the
 * connection are closed when the loop ends, fails or is left early. Failures throw one
 * {@link DataFileError}: `database-unreachable` (refused, timed out, authentication failed, unknown
 * database) or `database-error` (unknown table, bad query). No message holds the password.
 *
 * @example
 * for await (const { line, cells } of readPostgresRecords("postgres://app@db/crm", { table: "public.customers" }))
 *   console.log(line, cells[0]);
 */
export async function* readPostgresRecords(url: string, options: PostgresReadOptions): AsyncGenerator<CsvRecord> {
  const { table, query } = options;
  if ((table === undefined) === (query === undefined)) throw new TypeError("give exactly one of table or query");
  const batchRows = options.batchRows ?? 10_000;
  if (!Number.isInteger(batchRows) || batchRows < 1) throw new RangeError(`invalid batchRows: ${batchRows}`);
  const scrub = postgresSecretScrubber(url);
  // Our own label holds the URL redacted; a caller's name might hold it whole.
  const file = options.file === undefined ? sourceLabel(url, options) : scrub(options.file);
  const sql = table !== undefined ? `SELECT * FROM ${quoteTableName(table, file)}` : query!;

  let client: pg.Client;
  try {
    client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: "engagetrack",
      types: { getTypeParser: canonicalParser as pg.CustomTypesConfig["getTypeParser"] },
    });
  } catch {
    // No cause: URL parse errors carry the whole input, password included.
    throw new DataFileError("database-unreachable", file, `invalid PostgreSQL URL: ${file}`);
  }
  // A connection lost between reads is reported by the next read; without a listener the
  // client's 'error' event would crash the process instead.
  client.on("error", noop);
  try {
    await client.connect();
  } catch (err) {
    await within(client.end(), CLEANUP_MS);
    throw unreachableError(err, file, scrub);
  }

  let cursor: Cursor<unknown[]> | undefined;
  let cursorFailed = false;
  try {
    await client.query(BEGIN_SQL);
    cursor = client.query(new Cursor<unknown[]>(sql, undefined, { rowMode: "array" }));
    let line = 1;
    // One batch at a time: asking for the next one before handing this one out was measured no
    // faster (parsing the protocol on this thread is the bottleneck) and holds twice the rows.
    for (let first = true; ; first = false) {
      let batch: Batch;
      try {
        batch = await readBatch(cursor, batchRows);
      } catch (err) {
        cursorFailed = true;
        throw err;
      }
      if (first) {
        if (batch.fields.length === 0) throw new DataFileError("database-error", file, `no columns from ${file}`);
        yield { line, cells: batch.fields };
      }
      for (const row of batch.rows) {
        // The type parsers already made every non-null value a string.
        for (let c = 0; c < row.length; c++) if (row[c] === null) row[c] = "";
        yield { line: ++line, cells: row as string[] };
      }
      if (batch.rows.length < batchRows) break;
    }
  } catch (err) {
    if (err instanceof DataFileError) throw err;
    throw queryError(err, file, scrub);
  } finally {
    // A cursor that failed has already been synced by pg-cursor; closing it again would wait forever.
    // Each step is bounded so that a stuck server cannot hang the caller; end() then drops the socket.
    if (cursor && !cursorFailed) await within(cursor.close(), CLEANUP_MS);
    await within(client.query("ROLLBACK"), CLEANUP_MS);
    await within(client.end(), CLEANUP_MS);
  }
}

/** Waits for a cleanup step, ignoring its failure, for at most `ms`. */
async function within(step: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  await Promise.race([step.then(noop, noop), timeout]);
  clearTimeout(timer);
}

function noop(): void {}

/** Whether a data location is a PostgreSQL URL (`postgres://` or `postgresql://`). */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/**
 * The URL with its password replaced by `***`, for messages and logs (also a `password=` parameter).
 *
 * @example
 * redactPostgresUrl("postgres://app:s3cret@db:5432/crm") // "postgres://app:***@db:5432/crm"
 */
export function redactPostgresUrl(url: string): string {
  let out = url.replace(/([?&]password=)[^&#]*/gi, "$1***");
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(out);
  if (!scheme) return out;
  const rest = out.slice(scheme[0].length);
  // The last "@" ends the user info: an unencoded "@" or "/" in a password then hides too much of
  // the URL rather than too little.
  const at = rest.lastIndexOf("@");
  if (at < 0) return out;
  const colon = rest.indexOf(":");
  if (colon < 0 || colon > at) return out;
  out = `${scheme[0]}${rest.slice(0, colon)}:***${rest.slice(at)}`;
  return out;
}

interface Batch {
  rows: unknown[][];
  fields: string[];
}

// The promise form of Cursor.read drops the result, which holds the field names.
function readBatch(cursor: Cursor<unknown[]>, rows: number): Promise<Batch> {
  return new Promise((resolve, reject) => {
    cursor.read(rows, (err, batch, result) => {
      if (err) reject(err);
      else resolve({ rows: batch, fields: (result?.fields ?? []).map((f) => f.name) });
    });
  });
}

const identity = (text: string): string => text;
const boolText = (text: string): string => (text === "t" ? "true" : text === "f" ? "false" : text);
const floatText = (text: string): string => String(Number(text));

const BOOL = 16;
const FLOAT4 = 700;
const FLOAT8 = 701;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

/**
 * Type parsers for one client: every value stays text, in the canonical form a CSV would hold.
 * Integers, numerics, dates (ISO DateStyle) and everything else already arrive that way; in
 * particular dates are never turned into JS Dates in the local time zone.
 */
function canonicalParser(oid: number): (text: string) => string {
  switch (oid) {
    case BOOL:
      return boolText;
    case FLOAT4:
    case FLOAT8:
      return floatText;
    case TIMESTAMP:
    case TIMESTAMPTZ:
      return isoTimestamp;
    default:
      return identity;
  }
}

// The session runs in UTC (BEGIN_SQL), so a timestamptz always ends in "+00".
const TIMESTAMP_TEXT = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?(?:\+00)?$/;

/**
 * "2024-03-01 09:30:00.123456+00" → "2024-03-01T09:30:00.123Z": exactly Date#toISOString's form,
 * so that a table gives the same cells from PostgreSQL and from Parquet. A timestamp without time
 * zone is taken as UTC wall time. Infinity, BC and five-digit years keep PostgreSQL's text.
 */
function isoTimestamp(text: string): string {
  const m = TIMESTAMP_TEXT.exec(text);
  if (!m) return text;
  // Milliseconds, truncated (floor), as a JS Date and the Parquet source give them.
  return `${m[1]}T${m[2]}.${((m[3] ?? "") + "000").slice(0, 3)}Z`;
}

/** `name` or `schema.name` (either part may be double-quoted to hold a dot) → quoted SQL. */
function quoteTableName(table: string, file: string): string {
  const invalid = () => new DataFileError("database-error", file, `invalid table name: ${JSON.stringify(table)}`);
  if (table.includes("\0")) throw invalid();
  const parts: string[] = [];
  const part = /\s*(?:"((?:[^"]|"")+)"|([^".]+?))\s*(\.|$)/y;
  while (part.lastIndex < table.length) {
    const m = part.exec(table);
    if (!m) throw invalid();
    parts.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]);
    if (m[3] === "." && part.lastIndex === table.length) throw invalid();
  }
  if (parts.length < 1 || parts.length > 2) throw invalid();
  return parts.map((p) => `"${p.replace(/"/g, '""')}"`).join(".");
}

function sourceLabel(url: string, options: PostgresReadOptions): string {
  const where = redactPostgresUrl(url);
  if (options.table !== undefined) return `${where} (table ${options.table})`;
  const q = options.query!.replace(/\s+/g, " ").trim();
  return `${where} (query ${q.length > 80 ? `${q.slice(0, 79)}…` : q})`;
}

/**
 * Removes the URL's password (raw and percent-decoded) from text that may echo it: a caller's
 * name for the source, the server's and the driver's messages. A very short password may blank
 * out innocent characters too; hiding too much beats showing a secret.
 *
 * @example
 * postgresSecretScrubber("postgres://app:s3cret@db/crm")("password s3cret refused"); // "password *** refused"
 */
export function postgresSecretScrubber(url: string): (text: string) => string {
  const secrets = new Set<string>();
  const add = (raw: string) => {
    if (!raw) return;
    secrets.add(raw);
    try {
      secrets.add(decodeURIComponent(raw));
    } catch {
      // not percent-encoded: the raw form is enough
    }
  };
  for (const m of url.matchAll(/[?&]password=([^&#]*)/gi)) add(m[1]);
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (scheme) {
    const rest = url.slice(scheme[0].length);
    const at = rest.lastIndexOf("@");
    const colon = rest.indexOf(":");
    if (at >= 0 && colon >= 0 && colon < at) add(rest.slice(colon + 1, at));
  }
  const list = [...secrets].sort((a, b) => b.length - a.length);
  return (text) => list.reduce((t, s) => t.split(s).join("***"), text);
}

interface PgError {
  code?: string;
  message?: string;
}

const AUTH_CODES = new Set(["28P01", "28000"]);

function unreachableError(err: unknown, file: string, scrub: (text: string) => string): DataFileError {
  const e = (err ?? {}) as PgError;
  const message = e.message ?? String(err);
  let why: string;
  if (e.code && AUTH_CODES.has(e.code)) why = `authentication failed: ${message}`;
  else if (/password must be a string/.test(message))
    why = "authentication failed: the server asks for a password and the URL has none";
  else if (/^SASL|password/i.test(message)) why = `authentication failed: ${message}`;
  else if (e.code === "3D000") why = message; // database "x" does not exist
  else if (e.code === "ECONNREFUSED") why = "connection refused";
  else if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN") why = "host not found";
  else if (/timeout/i.test(message)) why = `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
  else why = message;
  return new DataFileError("database-unreachable", file, `cannot connect to ${file}: ${scrub(why)}`, {
    cause: err,
  });
}

function queryError(err: unknown, file: string, scrub: (text: string) => string): DataFileError {
  const e = (err ?? {}) as PgError;
  const message = e.message ?? String(err);
  // Class 08 and admin shutdowns (57P) mean the server went away, not that the query is wrong.
  const lost = !(err instanceof pg.DatabaseError) || /^(08|57P)/.test(e.code ?? "");
  if (lost)
    return new DataFileError("database-unreachable", file, `lost connection to ${file}: ${scrub(message)}`, {
      cause: err,
    });
  return new DataFileError("database-error", file, `database error reading ${file}: ${scrub(message)}`, {
    cause: err,
  });
}
