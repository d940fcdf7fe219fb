import { lstat, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";

/** A snapshot being written lives in `<dir>/.tmp-snapshot-<pid>-<random>/` until it is renamed into place. */
export const SNAPSHOT_TEMP_PREFIX = ".tmp-snapshot-";
/** A temporary snapshot directory untouched this long was left by a writer that died (ms). */
export const DEFAULT_STALE_TEMP_MS = 6 * 3600 * 1000;

/**
 * Removes the temporary snapshot directories of `dir` that nothing has written to for
 * `olderThanMs` (a writer killed mid-write leaves one; readers never list it, but it holds disk
 * space). Age is measured against `own` — the caller's fresh temporary directory — so only
 * filesystem times are compared: right on a shared volume whose clock differs from this machine's.
 * Returns the names removed.
 */
export async function removeStaleTemps(dir: string, own: string, olderThanMs: number): Promise<string[]> {
  const now = (await stat(own)).mtimeMs;
  const removed: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(SNAPSHOT_TEMP_PREFIX)) continue;
    const path = join(dir, entry.name);
    if (path === join(own)) continue;
    // Gone meanwhile (its writer published it): not stale.
    const touched = await lastWrite(path).catch(() => undefined);
    if (touched === undefined || now - touched < olderThanMs) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(entry.name);
  }
  return removed;
}

/** The newest modification time of a directory and the files in it (a writer appends to one). */
async function lastWrite(path: string): Promise<number> {
  let newest = (await lstat(path)).mtimeMs;
  for (const name of await readdir(path)) {
    newest = Math.max(newest, (await lstat(join(path, name))).mtimeMs);
  }
  return newest;
}
