import { stat } from "node:fs/promises";
import { Readable, pipeline, type TransformCallback } from "node:stream";
import { CsvError, Parser } from "csv-parse";
import { countTextNewlines } from "./count-newlines.ts";
import { DataFileError, fileOpenError } from "./data-file-error.ts";
import { readTextChunks } from "./read-text-chunks.ts";

/**
 * One parsed CSV record and the physical line it starts on (header = line 1; LF, CRLF and a lone CR
 * each end one line).
 */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CsvReadOptions {
  /** The name used in messages (default: the path). */
  file?: string;
  /** Largest allowed field, in UTF-8 bytes (default 10 KiB); a larger one fails the file. */
  maxFieldBytes?: number;
  /** Largest allowed record, in bytes (default 1 MiB): stops a runaway unclosed quote early. */
  maxRecordBytes?: number;
  /** Bytes per read (default 64 KiB). */
  chunkBytes?: number;
  /** Called after each chunk is read with the bytes read so far and the file size. */
  onBytes?: (bytesRead: number, totalBytes: number) => void;
}

/**
 * Streams the records of a CSV file (RFC 4180: quoted fields may hold commas, quotes and line
 * breaks, kept as written; records end in CRLF, LF or a lone CR, mixed freely; a UTF-8 BOM is
 * dropped). Empty lines and whitespace-only lines are skipped.
 * Stray quotes inside unquoted fields are kept as text. Records may have any number of fields: the
 * caller decides about ragged rows. File-level problems throw one {@link DataFileError}.
 *
 * @example
 * for await (const { line, cells } of readCsvRecords("customers.csv")) console.log(line, cells[0]);
 */
export async function* readCsvRecords(path: string, options: CsvReadOptions = {}): AsyncGenerator<CsvRecord> {
  const file = options.file ?? path;
  const maxFieldBytes = options.maxFieldBytes ?? 10 * 1024;
  let totalBytes: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new DataFileError("not-a-file", file, `not a file: ${JSON.stringify(file)}`);
    totalBytes = info.size;
  } catch (err) {
    throw err instanceof DataFileError ? err : fileOpenError(err, file);
  }

  let bytesRead = 0;
  const chunks = async function* () {
    for await (const chunk of readTextChunks(path, { file, chunkBytes: options.chunkBytes })) {
      bytesRead += chunk.length;
      options.onBytes?.(bytesRead, totalBytes);
      yield chunk;
    }
  };
  const parser = new NumberingParser({
    // CRLF first, so it is one delimiter; csv-parse holds back a chunk's last bytes until it can
    // tell a CRLF split across chunks from a lone CR.
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
    relax_quotes: true,
    // Empty lines come through as [""] so that we can count them: csv-parse's own line counter
    // drifts on CRLF inside quotes, so lines are counted here from the records themselves (with
    // the rule readTextChunks counts bytes by, so every message names the same line).
    skip_empty_lines: false,
    max_record_size: options.maxRecordBytes ?? 1024 * 1024,
  });
  const source = Readable.from(chunks());
  // Errors surface through the parser's iterator below; the callback only silences the pipeline.
  pipeline(source, parser, () => {});

  try {
    for await (const record of parser as AsyncIterable<CsvRecord>) {
      const { line, cells } = record;
      for (let c = 0; c < cells.length; c++) {
        const cell = cells[c];
        // A character is at most 4 bytes: only measure cells that could be too big.
        if (cell.length * 4 > maxFieldBytes && Buffer.byteLength(cell) > maxFieldBytes) {
          throw new DataFileError(
            "field-too-large",
            file,
            `field larger than ${maxFieldBytes} bytes in ${JSON.stringify(file)} (line ${line}, field ${c + 1})`,
            { line },
          );
        }
      }
      yield record;
    }
  } catch (err) {
    if (err instanceof DataFileError) throw err;
    if (err instanceof CsvError) throw csvError(err, file, parser.nextLine);
    throw fileOpenError(err, file);
  } finally {
    source.destroy();
    parser.destroy();
  }
}

/**
 * csv-parse's stream, numbering records as the parser pushes them rather than as they are read: a
 * parse error discards the records still buffered in the stream, and its message must still name
 * the line where the failing record starts. (csv-parse's on_record hook could do this too, but it
 * builds an info object per record and slowed the Telco load by a tenth.)
 */
class NumberingParser extends Parser {
  /** The physical line where the next record starts (header = 1). */
  nextLine = 1;
  /**
   * Whether a quote has come in yet. Only a quoted cell can hold a line break, and a record is
   * pushed only once all its bytes have come in, so until then its cells need no scanning (many
   * exports have no quotes at all).
   */
  private quoted = false;

  override _transform(chunk: Buffer, encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.quoted) this.quoted = chunk.includes(QUOTE);
    super._transform(chunk, encoding, callback);
  }

  override push(record: string[] | null): boolean {
    if (record === null) return super.push(null);
    const line = this.nextLine;
    this.nextLine += this.quoted ? 1 + newlinesIn(record) : 1;
    if (record.length === 1 && record[0].trim() === "") return true; // empty or whitespace-only line
    return super.push({ line, cells: record } satisfies CsvRecord);
  }
}

const QUOTE = 0x22;

function csvError(err: CsvError, file: string, line: number): DataFileError {
  const name = JSON.stringify(file);
  if (err.code === "CSV_QUOTE_NOT_CLOSED")
    return new DataFileError("unclosed-quote", file, `unclosed quote in ${name} (record starting line ${line})`, {
      line,
      cause: err,
    });
  if (err.code === "CSV_MAX_RECORD_SIZE")
    return new DataFileError(
      "record-too-large",
      file,
      `record too large in ${name} (starting line ${line}): is a quote left open?`,
      { line, cause: err },
    );
  return new DataFileError("malformed-csv", file, `malformed csv in ${name} (line ${line}): ${err.message}`, {
    line,
    cause: err,
  });
}

/**
 * Line breaks inside the cells: quoted fields may span lines and keep their breaks as written.
 * Counting cell by cell is exact: a CR ending one cell and an LF starting the next are always
 * parted by a quote or a comma, so they are two breaks in the file too.
 */
function newlinesIn(cells: string[]): number {
  let n = 0;
  for (const cell of cells) n += countTextNewlines(cell);
  return n;
}
