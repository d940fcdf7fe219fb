import { createReadStream } from "node:fs";
import { countNewlines } from "./count-newlines.ts";
import { DataFileError, fileOpenError } from "./data-file-error.ts";

export interface TextChunkOptions {
  /** The name used in error messages (default: the path). */
  file?: string;
  /** Bytes per read (default 64 KiB). */
  chunkBytes?: number;
}

/**
 * Reads a file as byte chunks that are checked to be UTF-8 text: a leading BOM is dropped, a NUL
 * byte ends the read as `binary`, and bytes that are not UTF-8 end it as `invalid-utf8` naming the
 * physical line (lines end in LF, CRLF or a lone CR; see countNewlines). Chunks stay bytes (a CSV
 * parser decodes them); the fatal streaming TextDecoder only checks, so a multi-byte character or a
 * CRLF split across two chunks is fine.
 */
export async function* readTextChunks(path: string, options: TextChunkOptions = {}): AsyncGenerator<Buffer> {
  const file = options.file ?? path;
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 64 * 1024 });
  let newlinesBefore = 0; // line breaks in the chunks already yielded
  let crBefore = false; // the last chunk yielded ended in CR: an LF starting this one completes a CRLF
  let first = true;
  let pending: Buffer | undefined; // fewer than 3 bytes at the very start: might be a split BOM
  try {
    for await (const raw of stream as AsyncIterable<Buffer>) {
      let chunk = raw;
      if (first) {
        chunk = pending ? Buffer.concat([pending, chunk]) : chunk;
        if (chunk.length < 3 && BOM.subarray(0, chunk.length).equals(chunk)) {
          pending = chunk;
          continue;
        }
        first = false;
        pending = undefined;
        if (chunk.subarray(0, 3).equals(BOM)) chunk = chunk.subarray(3);
      }
      const nul = chunk.indexOf(0);
      if (nul !== -1) {
        const line = newlinesBefore + countNewlines(chunk, 0, nul, crBefore) + 1;
        throw new DataFileError("binary", file, `binary data (NUL byte) in ${JSON.stringify(file)} (line ${line})`, {
          line,
        });
      }
      try {
        decoder.decode(chunk, { stream: true });
      } catch (cause) {
        const at = firstInvalidUtf8(chunk);
        const line = newlinesBefore + countNewlines(chunk, 0, at, crBefore) + 1;
        throw notUtf8(file, line, cause);
      }
      newlinesBefore += countNewlines(chunk, 0, chunk.length, crBefore);
      if (chunk.length > 0) crBefore = chunk[chunk.length - 1] === 13; // empty: a first chunk that was only the BOM
      yield chunk;
    }
    if (pending && pending.length > 0) yield pending; // a 1–2 byte file that only looked like a BOM
    try {
      decoder.decode();
    } catch (cause) {
      throw notUtf8(file, newlinesBefore + 1, cause); // truncated character at the end of the file
    }
  } catch (err) {
    throw err instanceof DataFileError ? err : fileOpenError(err, file);
  } finally {
    stream.destroy();
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function notUtf8(file: string, line: number, cause: unknown): DataFileError {
  return new DataFileError(
    "invalid-utf8",
    file,
    `not utf-8 text: invalid byte sequence in ${JSON.stringify(file)} (line ${line}); save the file as UTF-8`,
    { line, cause },
  );
}

/**
 * Offset of the first byte that starts an invalid UTF-8 sequence. Leading continuation bytes belong
 * to a character begun in the previous chunk and are skipped; when nothing inside the chunk is
 * wrong (the fault straddles the chunk boundary), the answer is 0.
 */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length && i < 3 && (buf[i] & 0xc0) === 0x80) i++;
  while (i < buf.length) {
    const b = buf[i];
    const size = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (size === 0) return i;
    if (i + size > buf.length) return i; // incomplete at the end: the decoder accepted it, so not here
    for (let k = 1; k < size; k++) if ((buf[i + k] & 0xc0) !== 0x80) return i;
    // overlong 3-byte, surrogates, overlong 4-byte and > U+10FFFF
    const b1 = buf[i + 1];
    if (size === 3 && ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f))) return i;
    if (size === 4 && ((b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f))) return i;
    i += size;
  }
  return 0;
}
