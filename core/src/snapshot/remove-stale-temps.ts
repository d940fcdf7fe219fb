import { lstat, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";

/** A snapshot being written lives in `<dir>/.tmp-snapshot-<pid>-<random>/` until it is renamed into place. */
export const SNAPSHOT_TEMP_PREFIX = ".tmp-snapshot-";
/**
 * A temporary snapshot directory untouched this long was left by a writer that died (ms). A live
 * writer — this process, another shard's commit, another replica — writes to its file at every
 * record batch (64k rows: seconds of scoring), so an hour without a write is a hundredfold margin.
 */
export const DEFAULT_STALE_TEMP_MS = 3600 * 1000;

/** One temporary directory removed, or one that could not be. */
export interface StaleTemp {
  /** Its name in the snapshots directory (`.tmp-snapshot-…`). */
  name: string;
  /** How long nothing had written to it (ms, by the filesystem's clock). */
  untouchedMs: number;
  /** Why it could not be removed (it was left in place). */
  error?: string;
}

/**
 * Removes the temporary snapshot directories of `dir` that nothing has written to for
 * `olderThanMs` (a writer killed mid-write leaves one; readers never list it, but it holds disk
 * space). Age is measured against `own` — a file or directory the caller has just written — so
 * only filesystem times are compared: right on a shared volume whose clock differs from this
 * machine's. One directory that cannot be removed does not stop the others. Returns each one
 * removed or failed.
 */
export async function removeStaleTemps(dir: string, own: string, olderThanMs: number): Promise<StaleTemp[]> {
  const now = (await stat(own)).mtimeMs;
  const swept: StaleTemp[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(SNAPSHOT_TEMP_PREFIX)) continue;
    const path = join(dir, entry.name);
    if (path === join(own)) continue;
    // Gone meanwhile (its writer published it): not stale.
    const touched = await lastWrite(path).catch(() => undefined);
    if (touched === undefined || now - touched < olderThanMs) continue;
    const found: StaleTemp = { name: entry.name, untouchedMs: Math.round(now - touched) };
    try {
      await rm(path, { recursive: true, force: true });
    } catch (err) {
      found.error = (err as Error).message;
    }
    swept.push(found);
  }
  return swept;
}

/** The newest modification time of a directory and the files in it (a writer appends to one). */
async function lastWrite(path: string): Promise<number> {
  let newest = (await lstat(path)).mtimeMs;
  for (const name of await readdir(path)) {
    newest = Math.max(newest, (await lstat(join(path, name))).mtimeMs);
  }
  return newest;
}
