import { chmod, mkdir } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { Logger, LevelWithSilent } from "pino";
import { createStream } from "rotating-file-stream";
import { createLogger } from "./create-logger.ts";

/** Where the usage and audit log goes unless configured otherwise (git-ignored; `logs/.gitkeep` is tracked). */
export const DEFAULT_USAGE_LOG = "logs/usage.log";
/** Rotate when the file passes this size… */
export const DEFAULT_MAX_LOG_BYTES = 10 * 1024 * 1024;
/** …keeping this many rotated files (`usage.log.1` newest … `usage.log.5` oldest). */
export const DEFAULT_KEEP_LOGS = 5;
/** Owner read/write only: the log names customers and people. */
export const LOG_FILE_MODE = 0o600;

export interface UsageLogOptions {
  /** Log file; default `logs/usage.log`. Its directory is created if missing. */
  path?: string;
  level?: LevelWithSilent;
  /** Size at which the file rotates (bytes); default 10 MiB. */
  maxBytes?: number;
  /** Rotated files kept; default 5. */
  keep?: number;
  clock?: () => Date;
  base?: Record<string, unknown>;
}

export interface UsageLog {
  readonly path: string;
  readonly logger: Logger;
  /** Flushes and closes the file; call before the process ends. */
  close(): Promise<void>;
}

/**
 * Opens the usage log: JSON lines through `createLogger` (secrets and e-mail addresses redacted)
 * into a file created with mode 0600, rotated by size with `rotating-file-stream` in the classical
 * logrotate way (`usage.log` → `usage.log.1` → … → `usage.log.<keep>`, oldest dropped).
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
  if (!(Number.isInteger(maxBytes) && maxBytes > 0))
    throw new RangeError(`invalid log size limit: ${maxBytes}`);
  if (!(Number.isInteger(keep) && keep >= 1)) throw new RangeError(`invalid number of kept logs: ${keep}`);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const stream = createStream(basename(path), {
    path: dir,
    size: `${maxBytes}B`,
    rotate: keep,
    mode: LOG_FILE_MODE,
  });
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  });
  // `mode` only applies when the file is created; tighten a file left by an older run too.
  await chmod(path, LOG_FILE_MODE);
  const logger = createLogger(stream, { level: options.level, clock: options.clock, base: options.base });
  let closed: Promise<void> | undefined;
  return {
    path,
    logger,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        stream.once("error", reject);
        stream.end(() => resolve());
      });
      return closed;
    },
  };
}
