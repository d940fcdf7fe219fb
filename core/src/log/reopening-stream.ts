import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";

/** How long `close()` waits for the last lines before giving the file up (ms). */
export const CLOSE_TIMEOUT_MS = 5000;

/** Open errors that mean "the disk", not "the setting": the log starts failing instead of refusing. */
const DISK_ERRORS = new Set(["ENOSPC", "EDQUOT", "EIO"]);

/** How a log file is doing: lines written and lost, and why it last failed. */
export interface LogHealth {
  /** False from a failed write or reopen until a line is written again. */
  healthy: boolean;
  /** Lines the file accepted (handed to the kernel: they survive the process being killed). */
  writtenLines: number;
  /** Lines lost: their write failed, or they came while the file was failing or too far behind. */
  failedLines: number;
  /** The last write or open error, e.g. "ENOSPC: no space left on device, write"; null before any. */
  lastError: string | null;
}

export interface ReopeningStreamOptions {
  /** Opens (or reopens) the file; resolves once it can be written. */
  open(): Promise<Writable>;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Least wait between reopen attempts after a failure (ms). */
  retryMs: number;
  /** Bytes waiting for a slow disk beyond which new lines are dropped rather than queued. */
  maxBacklogBytes: number;
  /** Told once when writing starts failing, and once when it works again. */
  onHealthChange(healthy: boolean, error: Error | null): void;
}

/** A line sink over a file stream that survives the stream failing (a pino destination). */
export interface ReopeningStream {
  write(line: string): void;
  /** Resolves once every line written so far has reached the file or failed. */
  flush(): Promise<void>;
  /** Ends the file; never rejects (a failure shows in `health()`). Later lines are dropped. */
  close(): Promise<void>;
  health(): LogHealth;
}

/**
 * Writes lines to a file stream and keeps going when the file cannot be written (disk full, volume
 * gone): a failed stream is dropped, lines are counted as lost (never queued without bound, so
 * memory stays flat and callers never wait), and the file is reopened at most every `retryMs`, on
 * the next line. Health changes are reported once each way, not once per line. The first open
 * throws, except for a full or failing disk (ENOSPC, EDQUOT, EIO): then it starts unhealthy.
 */
export async function createReopeningStream(options: ReopeningStreamOptions): Promise<ReopeningStream> {
  let stream: Writable | undefined;
  let opening = false;
  let closed = false;
  let healthy = true;
  let writtenLines = 0;
  let failedLines = 0;
  let lastError: string | null = null;
  let retryAt = 0;
  let pending = 0;
  let waiters: Array<() => void> = [];
  const failedStreams = new WeakSet<Writable>();

  const settle = () => {
    if (pending > 0) return;
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve();
  };
  const unhealthy = (err: Error) => {
    lastError = err.message;
    if (!healthy) return;
    healthy = false;
    options.onHealthChange(false, err);
  };
  // A Writable is finished after its first error: forget it, and reopen on a later line.
  const streamFailed = (s: Writable, err: Error) => {
    if (failedStreams.has(s)) return;
    failedStreams.add(s);
    if (stream === s) stream = undefined;
    retryAt = options.now() + options.retryMs;
    s.destroy();
    unhealthy(err);
  };
  const adopt = (s: Writable) => {
    s.on("error", (err: Error) => streamFailed(s, err));
    stream = s;
  };
  const reopen = () => {
    opening = true;
    options.open().then(
      (s) => {
        opening = false;
        if (closed) s.destroy();
        else adopt(s);
      },
      (err: Error) => {
        opening = false;
        retryAt = options.now() + options.retryMs;
        unhealthy(err);
      },
    );
  };

  try {
    adopt(await options.open());
  } catch (err) {
    // A full or failing disk is not a configuration error: start without the file and retry.
    if (!DISK_ERRORS.has((err as NodeJS.ErrnoException).code ?? "")) throw err;
    retryAt = options.now() + options.retryMs;
    unhealthy(err as Error);
  }
  return {
    write(line) {
      const s = stream;
      if (!s) {
        failedLines++;
        if (!closed && !opening && options.now() >= retryAt) reopen();
        return;
      }
      if (s.writableLength > options.maxBacklogBytes) {
        failedLines++;
        return;
      }
      pending++;
      s.write(line, (err) => {
        pending--;
        if (err) {
          failedLines++;
          streamFailed(s, err);
        } else {
          writtenLines++;
          if (!healthy) {
            healthy = true;
            options.onHealthChange(true, null);
          }
        }
        settle();
      });
    },
    flush: () => (pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    async close() {
      closed = true;
      const s = stream;
      stream = undefined;
      if (!s || failedStreams.has(s)) return;
      s.end();
      // A hung disk (a stalled network volume) must not hold shutdown forever.
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = await Promise.race([
        finished(s).then(
          () => false,
          () => false,
        ),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), CLOSE_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      if (gaveUp) s.destroy();
    },
    health: () => ({ healthy, writtenLines, failedLines, lastError }),
  };
}
