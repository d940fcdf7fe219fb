import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { AsyncByteQueue, RecordBatchFileWriter, util, type RecordBatch, type Schema } from "apache-arrow";

/** What a finished Arrow file is: its size and SHA-256. */
export interface ArrowFileSummary {
  bytes: number;
  sha256: string;
}

/** An Arrow IPC file being written batch by batch to an open file. */
export interface ArrowFileOutput {
  /** Writes one record batch and waits until its bytes are handed to the file. */
  write(batch: RecordBatch): Promise<void>;
  /** Writes the footer, closes the file and returns its size and hash. */
  close(): Promise<ArrowFileSummary>;
}

/**
 * Collects what the Arrow writer emits, so each record batch can be written out (and hashed) before
 * the next is built: memory stays at one batch, however long the file.
 */
class PendingBytes extends AsyncByteQueue {
  chunks: Uint8Array[] = [];
  override write(value: Uint8Array): void {
    if (value.byteLength > 0) this.chunks.push(value);
  }
}

/**
 * Starts an Arrow IPC *file* (random-access format) on `file` with `schema`; the schema is
 * written at once, so a file with no batches is still a valid, empty table.
 */
export async function openArrowFileOutput(file: FileHandle, schema: Schema): Promise<ArrowFileOutput> {
  const sink = new PendingBytes();
  const writer = new RecordBatchFileWriter();
  writer.reset(sink, schema);
  const hash = createHash("sha256");
  let bytes = 0;
  const flush = async (): Promise<void> => {
    const chunks = sink.chunks;
    sink.chunks = [];
    for (const chunk of chunks) {
      hash.update(chunk);
      bytes += chunk.byteLength;
    }
    // writev has a per-call limit on buffer count (IOV_MAX); stay well under it.
    for (let i = 0; i < chunks.length; i += 512) {
      const group = chunks.slice(i, i + 512);
      const expected = group.reduce((sum, c) => sum + c.byteLength, 0);
      const { bytesWritten } = await file.writev(group);
      if (bytesWritten !== expected) throw new Error(`short write: ${bytesWritten} of ${expected} bytes`);
    }
  };
  await flush();
  return {
    async write(batch) {
      // The Arrow writer would silently start a new file on a different schema: refuse instead.
      if (!util.compareSchemas(batch.schema, schema))
        throw new Error("record batch schema differs from the file's schema");
      writer.write(batch);
      await flush();
    },
    async close() {
      writer.finish();
      await flush();
      await file.sync();
      await file.close();
      return { bytes, sha256: hash.digest("hex") };
    },
  };
}
