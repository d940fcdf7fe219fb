import { appendFile, chmod, mkdir, open, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { Writable } from "node:stream";
import type { Logger, LevelWithSilent } from "pino";
import { createStream } from "rotating-file-stream";
import { createLogger } from "./create-logger.ts";
import { createReopeningStream, type LogHealth } from "./reopening-stream.ts";

/** Where the usage and audit log goes unless configured otherwise (git-ignored; `logs/.gitkeep` is tracked). */
export const DEFAULT_USAGE_LOG = "logs/usage.log";
/** Rotate when the file passes this size… */
export const DEFAULT_MAX_LOG_BYTES = 10 * 1024 * 1024;
/** …keeping this many rotated files (`usage.log.1` newest … `usage.log.5` oldest). */
export const DEFAULT_KEEP_LOGS = 5;
/** Owner read/write only: the log names customers and people. */
export const LOG_FILE_MODE = 0o600;
/** After a failed write, the file is reopened on a later line, at most this often (ms). */
export const DEFAULT_LOG_RETRY_MS = 5000;
/** Lines waiting for a slow disk beyond this many bytes are dropped (and counted), not queued. */
export const MAX_LOG_BACKLOG_BYTES = 8 * 1024 * 1024;

/** What `openStream` is asked to open. */
export interface LogFileSettings {
  maxBytes: number;
  keep: number;
  mode: number;
}

export interface UsageLogOptions {
  /** Log file; default `logs/usage.log`. Its directory is created if missing. */
  path?: string;
  level?: LevelWithSilent;
  /** Size at which the file rotates (bytes); default 10 MiB. */
  maxBytes?: number;
  /** Rotated files kept; default 5. */
  keep?: number;
  /** Time of each line, and of reopen attempts. */
  clock?: () => Date;
  base?: Record<string, unknown>;
  /**
   * Told once when writing starts failing (disk full, volume gone) and once when it works again;
   * default one line on stderr each time.
   */
  onHealthChange?: (healthy: boolean, error: Error | null) => void;
  /** Least wait between reopen attempts after a failure (ms); default 5000. */
  retryMs?: number;
  /** Opens the file stream; default a size-rotated `rotating-file-stream`. */
  openStream?: (path: string, settings: LogFileSettings) => Promise<Writable>;
}

export interface UsageLog {
  readonly path: string;
  readonly logger: Logger;
  /** Resolves once every line logged so far has reached the file (or was counted as lost). */
  flush(): Promise<void>;
  /** Lines written and lost, and whether the file can be written now. */
  health(): LogHealth;
  /** Flushes and closes the file; call before the process ends. Never rejects (see `health()`). */
  close(): Promise<void>;
}

/**
 * Opens the usage log: JSON lines through `createLogger` (secrets and e-mail addresses redacted)
 * into a file created with mode 0600, rotated by size with `rotating-file-stream` in the classical
 * logrotate way (`usage.log` → `usage.log.1` → … → `usage.log.<keep>`, oldest dropped).
 *
 * Logging never stops the caller: when the file cannot be written (disk full), lines are dropped
 * and counted in `health()`, the failure is reported once through `onHealthChange`, and the file
 * is reopened on a later line (at most every `retryMs`). A line that `flush()` saw written is in
 * the kernel: it survives the process being killed, exactly once, rotation included. A file left
 * ending in a partial line (a write cut short by a full disk) gets a newline before new lines. A
 * disk full at start (ENOSPC, EDQUOT, EIO on open) starts the log failing rather than refusing it;
 * any other open error (a directory, no permission) throws.
 *
 * @example
 * const log = await openUsageLog({ path: "logs/usage.log" });
 * recordAudit(log.logger, event);
 * await log.close();
 */
export async function openUsageLog(options: UsageLogOptions = {}): Promise<UsageLog> {
  const path = options.path ?? DEFAULT_USAGE_LOG;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_LOG_BYTES;
  const keep = options.keep ?? DEFAULT_KEEP_LOGS;
  const retryMs = options.retryMs ?? DEFAULT_LOG_RETRY_MS;
  if (!(Number.isInteger(maxBytes) && maxBytes > 0))
    throw new RangeError(`invalid log size limit: ${maxBytes}`);
  if (!(Number.isInteger(keep) && keep >= 1)) throw new RangeError(`invalid number of kept logs: ${keep}`);
  if (!(retryMs >= 0)) throw new RangeError(`invalid log retry wait: ${retryMs}`);
  await mkdir(dirname(path), { recursive: true });
  const openStream = options.openStream ?? openRotatingFile;
  const settings: LogFileSettings = { maxBytes, keep, mode: LOG_FILE_MODE };
  const clock = options.clock ?? (() => new Date());
  const out = await createReopeningStream({
    async open() {
      await endWithNewline(path);
      const stream = await openStream(path, settings);
      // Hold errors until the caller listens: an unheard 'error' event would end the process.
      let early: Error | undefined;
      const hold = (err: Error) => void (early ??= err);
      stream.on("error", hold);
      try {
        // `mode` only applies when the file is created; tighten a file left by an older run too.
        await tighten(path);
      } catch (err) {
        early ??= err as Error;
      }
      stream.off("error", hold);
      if (early) {
        stream.destroy();
        throw early;
      }
      return stream;
    },
    now: () => clock().getTime(),
    retryMs,
    maxBacklogBytes: MAX_LOG_BACKLOG_BYTES,
    onHealthChange: options.onHealthChange ?? ((healthy, err) => warnOnStderr(path, healthy, err)),
  });
  const logger = createLogger(out, { level: options.level, clock, base: options.base });
  return { path, logger, flush: out.flush, health: out.health, close: out.close };
}

async function openRotatingFile(path: string, settings: LogFileSettings): Promise<Writable> {
  const stream = createStream(basename(path), {
    path: dirname(path),
    size: `${settings.maxBytes}B`,
    rotate: settings.keep,
    mode: settings.mode,
  });
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => reject(err);
    stream.once("error", fail);
    stream.once("open", () => {
      stream.off("error", fail);
      resolve();
    });
  });
  return stream;
}

/** Ends a partial last line, so the next line starts on its own. */
async function endWithNewline(path: string): Promise<void> {
  let file;
  try {
    file = await open(path, "r");
  } catch {
    return; // missing (created on open) or unreadable (the open reports it)
  }
  try {
    const info = await file.stat();
    if (!info.isFile() || info.size === 0) return;
    const last = Buffer.alloc(1);
    await file.read(last, 0, 1, info.size - 1);
    if (last[0] === 0x0a) return;
  } finally {
    await file.close();
  }
  await appendFile(path, "\n");
}

/** chmod 0600 a regular file; never a device or pipe (`/dev/stdout` as the log). */
async function tighten(path: string): Promise<void> {
  if ((await stat(path)).isFile()) await chmod(path, LOG_FILE_MODE);
}

function warnOnStderr(path: string, healthy: boolean, err: Error | null): void {
  process.stderr.write(
    healthy
      ? `engagetrack: usage log ${path} is writable again\n`
      : `engagetrack: cannot write the usage log ${path} (${err?.message}): lines are dropped until it works again\n`,
  );
}
