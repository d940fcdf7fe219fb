import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseManifest, type Manifest } from "./manifest.ts";
import { checkSnapshotId } from "./snapshot-id.ts";
import { MANIFEST_FILE } from "./snapshot-writer.ts";
import { loadSnapshot, type LoadOptions, type Snapshot } from "./snapshot.ts";

/** The snapshots in one directory: each published snapshot is a subdirectory `<id>/`. */
export interface SnapshotStore {
  readonly dir: string;
  /** Manifests of all published snapshots, newest first (by createdAt, then id). */
  list(): Promise<Manifest[]>;
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
  const list = async (): Promise<Manifest[]> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw new Error(`cannot read snapshots directory: ${dir}`, { cause: err });
    }
    const manifests: Manifest[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const where = join(dir, entry.name, MANIFEST_FILE);
      let manifest: Manifest;
      try {
        manifest = parseManifest(await readFile(where, "utf8"), where);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        options.onSkip?.(entry.name, code === "ENOENT" ? `no ${MANIFEST_FILE}` : (err as Error).message);
        continue;
      }
      if (manifest.id !== entry.name) {
        options.onSkip?.(
          entry.name,
          `manifest id ${JSON.stringify(manifest.id)} differs from the directory name`,
        );
        continue;
      }
      manifests.push(manifest);
    }
    return manifests.sort(
      (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || compareDesc(a.id, b.id),
    );
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
    async latest(loadOptions?: LoadOptions) {
      const [newest] = await list();
      return newest ? open(newest.id, loadOptions) : undefined;
    },
    open,
  });
}

const compareDesc = (a: string, b: string): number => (a < b ? 1 : a > b ? -1 : 0);
