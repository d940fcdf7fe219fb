import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseManifest, type Manifest } from "./manifest.ts";
import { checkSnapshotId } from "./snapshot-id.ts";
import { MANIFEST_FILE } from "./snapshot-writer.ts";
import { loadSnapshot, type LoadOptions, type Snapshot } from "./snapshot.ts";

/** A subdirectory that is not a usable snapshot, and why. */
export interface SkippedSnapshot {
  name: string;
  reason: string;
}

/** What a directory holds: published snapshots, newest first, and subdirectories skipped. */
export interface SnapshotScan {
  manifests: Manifest[];
  skipped: SkippedSnapshot[];
}

/** The snapshots in one directory: each published snapshot is a subdirectory `<id>/`. */
export interface SnapshotStore {
  readonly dir: string;
  /** Manifests of all published snapshots, newest first (by createdAt, then id). */
  list(): Promise<Manifest[]>;
  /** As `list`, with the subdirectories skipped and why (`onSkip` is not called). */
  scan(): Promise<SnapshotScan>;
  /** The newest snapshot, loaded; undefined when there is none. */
  latest(options?: LoadOptions): Promise<Snapshot | undefined>;
  /** Loads one snapshot by ID. */
  open(id: string, options?: LoadOptions): Promise<Snapshot>;
}

export interface StoreOptions {
  /** Told about a subdirectory that is skipped because its manifest is missing or invalid. */
  onSkip?: (name: string, reason: string) => void;
}

/**
 * Opens the snapshot directory `dir` for reading. Dot-directories (snapshots being written, or
 * left by a crash) are never listed; a missing `dir` lists as empty.
 *
 * @example
 * const store = openSnapshotStore("data/snapshots");
 * const [newest, previous] = await store.list();
 * const now = await store.open(newest.id);
 */
export function openSnapshotStore(dir: string, options: StoreOptions = {}): SnapshotStore {
  const scan = async (): Promise<SnapshotScan> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return { manifests: [], skipped: [] };
      throw new Error(`cannot read snapshots directory: ${dir}`, { cause: err });
    }
    const manifests: Manifest[] = [];
    const skipped: SkippedSnapshot[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const where = join(dir, entry.name, MANIFEST_FILE);
      let manifest: Manifest;
      try {
        manifest = parseManifest(await readFile(where, "utf8"), where);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        skipped.push({
          name: entry.name,
          reason: code === "ENOENT" ? `no ${MANIFEST_FILE}` : (err as Error).message,
        });
        continue;
      }
      if (manifest.id !== entry.name) {
        skipped.push({
          name: entry.name,
          reason: `manifest id ${JSON.stringify(manifest.id)} differs from the directory name`,
        });
        continue;
      }
      manifests.push(manifest);
    }
    manifests.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || compareDesc(a.id, b.id));
    return { manifests, skipped };
  };
  const list = async (): Promise<Manifest[]> => {
    const { manifests, skipped } = await scan();
    for (const { name, reason } of skipped) options.onSkip?.(name, reason);
    return manifests;
  };
  const open = async (id: string, loadOptions?: LoadOptions): Promise<Snapshot> => {
    const path = join(dir, checkSnapshotId(id));
    try {
      return await loadSnapshot(path, loadOptions);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        throw new Error(`no such snapshot: ${JSON.stringify(id)} in ${dir}`, { cause: err });
      }
      throw err;
    }
  };
  return Object.freeze({
    dir,
    list,
    scan,
    async latest(loadOptions?: LoadOptions) {
      const [newest] = await list();
      return newest ? open(newest.id, loadOptions) : undefined;
    },
    open,
  });
}

const compareDesc = (a: string, b: string): number => (a < b ? 1 : a > b ? -1 : 0);
