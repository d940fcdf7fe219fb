import { open, stat, type FileHandle } from "node:fs/promises";
import * as zlib from "node:zlib";
import {
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  type AsyncBuffer,
  type Compressors,
  type FileMetaData,
  type ParquetParsers,
  type RowGroup,
  type SchemaTree,
} from "hyparquet";
import { DataFileError, fileOpenError } from "./data-file-error.ts";
import type { CsvRecord } from "./read-csv-records.ts";

export interface ParquetReadOptions {
  /** The name used in messages (default: the path). */
  file?: string;
  /**
   * Called after each read of row data with the byte offset reached in the file (the end of the
   * row group read, pro rata for a big group read in parts) and the file size; the last call
   * reports the file size.
   */
  onBytes?: (bytesRead: number, totalBytes: number) => void;
}

/**
 * Rows decoded per read. A row group of up to twice this is read whole; a bigger one (pyarrow
 * writes up to a million rows per group by default) is read in parts of about this many rows, so
 * memory stays bounded by at most twice this many decoded rows plus one group's compressed bytes.
 */
const ROWS_PER_READ = 65_536;

/**
 * Streams the rows of a Parquet file as the records a CSV export of the same table would give:
 * first the header (column names in schema order, line 1), then row k (0-based) as line k + 2,
 * each cell as its canonical text — null → "", booleans "true"/"false", numbers as JavaScript
 * prints them (FLOAT columns with the shortest digits that read back as the same float32,
 * DECIMAL columns with exactly `scale` decimals), 64-bit integers in full, DATE columns as
 * "YYYY-MM-DD", timestamps as ISO 8601 in UTC ("2024-03-01T09:30:00.000Z"). Rows are read one row
 * group at a time (big groups in parts). A file of zero rows yields only the header; a file of
 * zero bytes yields nothing (the caller's `empty`). File-level problems throw one
 * {@link DataFileError}: `malformed-parquet` for a file that is not Parquet or is truncated or
 * corrupt, `unsupported-parquet` for nested columns, binary or time-of-day columns, encryption and
 * compression codecs that cannot be read, `invalid-utf8` for text that is not UTF-8.
 *
 * @example
 * for await (const { line, cells } of readParquetRecords("customers.parquet")) console.log(line, cells[0]);
 */
export async function* readParquetRecords(
  path: string,
  options: ParquetReadOptions = {},
): AsyncGenerator<CsvRecord> {
  const file = options.file ?? path;
  let handle: FileHandle;
  let totalBytes: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new DataFileError("not-a-file", file, `not a file: ${JSON.stringify(file)}`);
    totalBytes = info.size;
    handle = await open(path, "r");
  } catch (err) {
    throw err instanceof DataFileError ? err : fileOpenError(err, file);
  }

  try {
    if (totalBytes === 0) return; // like an empty CSV: no header, the caller reports `empty`
    const buffer = fileBuffer(handle, totalBytes);
    const metadata = await readMetadata(buffer, file);
    const columns = flatColumns(metadata, file);
    const names = columns.map((c) => c.name);
    yield { line: 1, cells: names };
    // hyparquet hands column data over by name, so two columns of one name cannot be told apart.
    const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
    if (duplicates.length > 0) {
      const list = [...new Set(duplicates)].map((c) => JSON.stringify(c)).join(", ");
      const message = `duplicate column names in ${JSON.stringify(file)}: ${list}`;
      throw new DataFileError("duplicate-columns", file, message, { line: 1 });
    }

    const totalRows = metadata.row_groups.reduce((sum, group) => sum + Number(group.num_rows), 0);
    let groupStart = 0; // index of the first row of the current group
    for (let g = 0; g < metadata.row_groups.length; g++) {
      const group = metadata.row_groups[g];
      const groupRows = Number(group.num_rows);
      if (groupRows === 0) continue;
      const [byteStart, byteEnd] = groupBytes(group);
      const parts = groupRows > 2 * ROWS_PER_READ ? Math.ceil(groupRows / ROWS_PER_READ) : 1;
      // Without offset indexes each part re-reads whole column chunks: keep them for the group.
      buffer.keepSlices(parts > 1 && group.columns.some((c) => !c.offset_index_length));
      try {
        for (let p = 0; p < parts; p++) {
          const from = Math.floor((groupRows * p) / parts);
          const to = Math.floor((groupRows * (p + 1)) / parts);
          const cells = await readRows(buffer, metadata, columns, groupStart + from, groupStart + to, file);
          const last = groupStart + to === totalRows;
          options.onBytes?.(
            last ? totalBytes : byteStart + Math.round(((byteEnd - byteStart) * to) / groupRows),
            totalBytes,
          );
          let line = groupStart + from + 2;
          for (let r = 0; r < to - from; r++) {
            const row = new Array<string>(columns.length);
            for (let c = 0; c < columns.length; c++) row[c] = cells[c][r];
            yield { line: line++, cells: row };
          }
        }
      } finally {
        buffer.keepSlices(false);
      }
      groupStart += groupRows;
    }
    if (totalRows === 0) options.onBytes?.(totalBytes, totalBytes);
  } finally {
    await handle.close();
  }
}

/** How one top-level column's values become cell text. */
interface Column {
  name: string;
  /** `float32`: shortest digits that read back as the same float; `decimal`: `scale` decimals. */
  kind: "value" | "float32" | "decimal";
  scale: number;
}

/** A random-access view of the open file for hyparquet, optionally keeping what it read. */
interface FileBuffer extends AsyncBuffer {
  keepSlices(on: boolean): void;
}

function fileBuffer(handle: FileHandle, size: number): FileBuffer {
  let kept: Map<string, Promise<ArrayBuffer>> | undefined;
  async function read(start: number, end: number): Promise<ArrayBuffer> {
    // Offsets come from the file's own metadata: check them before allocating anything.
    if (!(start >= 0 && end >= start && end <= size))
      throw new Error(`byte range ${start}–${end} is outside the file`);
    const bytes = new Uint8Array(end - start);
    let done = 0;
    while (done < bytes.length) {
      const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done);
      if (bytesRead === 0) throw new Error("unexpected end of file");
      done += bytesRead;
    }
    return bytes.buffer;
  }
  return {
    byteLength: size,
    slice(start, end = size) {
      if (!kept) return read(start, end);
      const key = `${start}:${end}`;
      let bytes = kept.get(key);
      if (!bytes) kept.set(key, (bytes = read(start, end)));
      return bytes;
    },
    keepSlices(on) {
      kept = on ? (kept ?? new Map()) : undefined;
    },
  };
}

const PAR1 = 0x31524150; // "PAR1", little-endian
const PARE = 0x45524150; // "PARE": footer of a file with encrypted metadata

async function readMetadata(buffer: FileBuffer, file: string): Promise<FileMetaData> {
  const name = JSON.stringify(file);
  const size = buffer.byteLength;
  const head = size >= 4 ? new DataView(await buffer.slice(0, 4)).getUint32(0, true) : 0;
  const tail = size >= 4 ? new DataView(await buffer.slice(size - 4, size)).getUint32(0, true) : 0;
  if (tail === PARE)
    throw new DataFileError("unsupported-parquet", file, `unsupported parquet file: ${name} is encrypted`);
  if (head !== PAR1)
    throw new DataFileError(
      "malformed-parquet",
      file,
      `not a parquet file: ${name} (it does not start with PAR1)`,
    );
  if (tail !== PAR1 || size < 12)
    throw new DataFileError(
      "malformed-parquet",
      file,
      `truncated parquet file: ${name} (the footer is missing)`,
    );
  try {
    return await parquetMetadataAsync(buffer);
  } catch (err) {
    if (isSystemError(err)) throw fileOpenError(err, file);
    const message = `corrupt parquet file: ${name} (footer: ${why(err)})`;
    throw new DataFileError("malformed-parquet", file, message, { cause: err });
  }
}

/** The top-level columns, checked to be flat and of a type that has one text form. */
function flatColumns(metadata: FileMetaData, file: string): Column[] {
  const name = JSON.stringify(file);
  const unsupported = (column: string, what: string) =>
    new DataFileError(
      "unsupported-parquet",
      file,
      `unsupported parquet column: ${JSON.stringify(column)} (${what}) in ${name}`,
    );
  let tree: SchemaTree;
  try {
    tree = parquetSchema(metadata);
  } catch (err) {
    const message = `corrupt parquet file: ${name} (schema: ${why(err)})`;
    throw new DataFileError("malformed-parquet", file, message, { cause: err });
  }
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      if (chunk.file_path)
        throw new DataFileError(
          "unsupported-parquet",
          file,
          `unsupported parquet file: ${name} keeps column data in another file (${JSON.stringify(chunk.file_path)})`,
        );
      const codec = chunk.meta_data?.codec;
      if (codec && codec !== "UNCOMPRESSED" && codec !== "SNAPPY" && !COMPRESSORS[codec]) {
        const known = ["SNAPPY", ...Object.keys(COMPRESSORS)].join(", ").toLowerCase();
        throw new DataFileError(
          "unsupported-parquet",
          file,
          `unsupported parquet compression: ${codec.toLowerCase()} in ${name} (column ${JSON.stringify(chunk.meta_data?.path_in_schema.join("."))}); write it with ${known} or none`,
        );
      }
    }
  }
  return tree.children.map((child): Column => {
    const { element } = child;
    const column = element.name;
    if (child.children.length > 0 || element.num_children !== undefined)
      throw unsupported(column, "nested: a list, map or struct; a customer table has one value per cell");
    if (element.repetition_type === "REPEATED")
      throw unsupported(column, "repeated: a customer table has one value per cell");
    const converted = element.converted_type;
    const logical = element.logical_type?.type;
    if (converted === "TIME_MILLIS" || converted === "TIME_MICROS" || logical === "TIME")
      throw unsupported(column, "time of day");
    if (converted === "INTERVAL") throw unsupported(column, "interval");
    if (converted === "BSON" || logical === "BSON") throw unsupported(column, "bson");
    if (logical === "GEOMETRY" || logical === "GEOGRAPHY") throw unsupported(column, logical.toLowerCase());
    if (converted === "DECIMAL") return { name: column, kind: "decimal", scale: element.scale ?? 0 };
    if (element.type === "FIXED_LEN_BYTE_ARRAY" && logical !== "UUID" && logical !== "FLOAT16")
      throw unsupported(column, "binary");
    if (element.type === "FLOAT") return { name: column, kind: "float32", scale: 0 };
    return { name: column, kind: "value", scale: 0 };
  });
}

// Decompressors node:zlib provides; hyparquet has SNAPPY built in. ZSTD only on Node ≥ 22.15.
const zstdDecompressSync = (zlib as { zstdDecompressSync?: (b: Uint8Array) => Uint8Array })
  .zstdDecompressSync;
const COMPRESSORS: Compressors = {
  GZIP: (input) => zlib.unzipSync(input),
  BROTLI: (input) => zlib.brotliDecompressSync(input),
  ...(zstdDecompressSync ? { ZSTD: (input: Uint8Array) => zstdDecompressSync(input) } : {}),
};

class NotUtf8Error extends Error {}
const utf8 = new TextDecoder("utf-8", { fatal: true });
function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch (err) {
    throw new NotUtf8Error("invalid utf-8", { cause: err });
  }
}
const floorDiv = (a: bigint, b: bigint) => (a < 0n ? -((-a + b - 1n) / b) : a / b);
class OutOfRangeError extends Error {}
function dateText(ms: number): string {
  const text = isoDate(ms);
  if (text === undefined) throw new OutOfRangeError(`date out of range (${ms} ms)`);
  return text;
}
function timestampText(ms: number): string {
  const text = isoTimestamp(ms);
  if (text === undefined) throw new OutOfRangeError(`timestamp out of range (${ms} ms)`);
  return text;
}
// Dates and timestamps become their text right away: no Date object per value.
const PARSERS: Partial<ParquetParsers> = {
  stringFromBytes: (bytes) => bytes && decodeUtf8(bytes),
  // JSON columns stay the text they hold, as a CSV of the table would have it.
  jsonFromBytes: (bytes) => bytes && decodeUtf8(bytes),
  dateFromDays: (days) => dateText(days * DAY_MS),
  timestampFromMilliseconds: (ms) => timestampText(Number(ms)),
  // Sub-millisecond times are truncated (floored), like the PostgreSQL source; hyparquet's own
  // parsers would round times before 1970 towards zero, i.e. forward.
  timestampFromMicroseconds: (us) => timestampText(Number(floorDiv(us, 1000n))),
  timestampFromNanoseconds: (ns) => timestampText(Number(floorDiv(ns, 1_000_000n))),
};

/** Reads rows [from, to) of the file as text: one array of cells per column. */
async function readRows(
  buffer: FileBuffer,
  metadata: FileMetaData,
  columns: readonly Column[],
  from: number,
  to: number,
  file: string,
): Promise<string[][]> {
  const n = to - from;
  const index = new Map(columns.map((c, i) => [c.name, i]));
  // Column-major, turned into rows as they are yielded: filling row arrays up front measured
  // slower and held twice the memory (the rows all outlive the decode).
  const cells = columns.map(() => new Array<string>(n));
  const filled = new Array<number>(columns.length).fill(0);
  const where = n === 1 ? `line ${from + 2}` : `lines ${from + 2}–${to + 1}`;
  let failure: DataFileError | undefined;
  try {
    await parquetRead({
      file: buffer,
      metadata,
      rowStart: from,
      rowEnd: to,
      parsers: PARSERS,
      compressors: COMPRESSORS,
      useOffsetIndex: true,
      // Called from inside hyparquet's promise chain, where a throw would go unhandled: keep it.
      onChunk({ columnName, columnData, rowStart }) {
        if (failure) return;
        const c = index.get(columnName);
        if (c === undefined) return;
        const column = columns[c];
        const lo = Math.max(from, rowStart);
        const hi = Math.min(to, rowStart + columnData.length);
        for (let r = lo; r < hi; r++) {
          const text = cellText(columnData[r - rowStart], column);
          if (text === undefined) {
            failure = badValue(columnData[r - rowStart], column, file, r + 2);
            return;
          }
          cells[c][r - from] = text;
        }
        filled[c] += Math.max(0, hi - lo);
      },
    });
  } catch (err) {
    const name = JSON.stringify(file);
    const at = { line: from + 2, cause: err };
    if (err instanceof OutOfRangeError)
      throw new DataFileError("malformed-parquet", file, `${err.message} in ${name} (${where})`, at);
    if (err instanceof NotUtf8Error)
      throw new DataFileError(
        "invalid-utf8",
        file,
        `not utf-8 text: invalid byte sequence in ${name} (${where})`,
        at,
      );
    if (isSystemError(err)) throw fileOpenError(err, file);
    throw new DataFileError(
      "malformed-parquet",
      file,
      `corrupt parquet file: ${name} (${where}: ${why(err)})`,
      at,
    );
  }
  if (failure) throw failure;
  const short = filled.findIndex((count) => count !== n);
  if (short !== -1)
    throw new DataFileError(
      "malformed-parquet",
      file,
      `corrupt parquet file: ${JSON.stringify(file)} (${where}: column ${JSON.stringify(columns[short].name)} has ${filled[short]} of ${n} values)`,
      { line: from + 2 },
    );
  return cells;
}

/** The canonical text of one value, or undefined for a value with no flat text form. */
function cellText(value: unknown, column: Column): string | undefined {
  if (value === null || value === undefined) return "";
  switch (typeof value) {
    case "string":
      return value;
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return String(value);
    case "number":
      if (column.kind === "float32") return float32Text(value);
      if (column.kind === "decimal") return decimalText(value, column.scale);
      return String(value);
  }
  return undefined;
}

const DAY_MS = 86_400_000;
// Date#toISOString costs about three String(number)s: a table's dates repeat, so its day texts
// are kept (a bounded cache, shared by all reads) and only the time of day is formatted here.
const dayTexts = new Map<number, string>();

/** "YYYY-MM-DD" of a UTC day (as Date#toISOString writes it, so also "+010000-01-01"). */
function isoDate(ms: number): string | undefined {
  const day = Math.floor(ms / DAY_MS);
  let text = dayTexts.get(day);
  if (text === undefined) {
    if (!Number.isFinite(day) || Math.abs(day) > 100_000_000) return undefined; // outside Date's range
    const iso = new Date(day * DAY_MS).toISOString();
    text = iso.slice(0, iso.indexOf("T"));
    if (dayTexts.size >= 100_000) dayTexts.clear();
    dayTexts.set(day, text);
  }
  return text;
}

/** Exactly Date#toISOString: "2024-03-01T09:30:00.000Z". */
function isoTimestamp(ms: number): string | undefined {
  if (!(Math.abs(ms) <= 8.64e15)) return undefined; // outside Date's range
  const date = isoDate(ms);
  if (date === undefined) return undefined;
  let rest = ms - Math.floor(ms / DAY_MS) * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${date}T${two(hours)}:${two(minutes)}:${two(seconds)}.${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z`;
}

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** The shortest decimal that reads back as the same float32 (what a CSV writer prints for it). */
function float32Text(x: number): string {
  if (!Number.isFinite(x) || (Number.isInteger(x) && Math.abs(x) <= 2 ** 24)) return String(x);
  for (let digits = 1; digits < 9; digits++) {
    const shorter = Number(x.toPrecision(digits));
    if (Math.fround(shorter) === x) return String(shorter);
  }
  return String(Number(x.toPrecision(9)));
}

/**
 * A DECIMAL(p, s) value with exactly s decimals ("29.90"), as a database or a CSV export shows
 * it. hyparquet hands it over as a double: that is exact to the last decimal only while the
 * unscaled integer stays below 2^52.
 */
function decimalText(x: number, scale: number): string | undefined {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) * 10 ** scale >= 2 ** 52) return undefined;
  return x.toFixed(scale);
}

function badValue(value: unknown, column: Column, file: string, line: number): DataFileError {
  const name = JSON.stringify(column.name);
  const where = `in ${JSON.stringify(file)} (line ${line})`;
  if (typeof value === "number")
    return new DataFileError(
      "unsupported-parquet",
      file,
      `decimal too large to read exactly: ${value} in column ${name} ${where}`,
      { line },
    );
  const what = value instanceof Uint8Array ? "binary" : Array.isArray(value) ? "a list" : typeof value;
  const message = `unsupported parquet value: ${what} in column ${name} ${where}`;
  return new DataFileError("unsupported-parquet", file, message, { line });
}

/** The bytes a row group's column chunks span, for progress. */
function groupBytes(group: RowGroup): [number, number] {
  let start = Infinity;
  let end = 0;
  for (const { meta_data: meta } of group.columns) {
    if (!meta) continue;
    const offset = Number(meta.dictionary_page_offset || meta.data_page_offset);
    start = Math.min(start, offset);
    end = Math.max(end, offset + Number(meta.total_compressed_size));
  }
  return start === Infinity ? [0, 0] : [start, end];
}

function isSystemError(err: unknown): boolean {
  return typeof (err as NodeJS.ErrnoException | undefined)?.code === "string" && "syscall" in (err as object);
}

function why(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^parquet /, "").split("\n")[0];
}
