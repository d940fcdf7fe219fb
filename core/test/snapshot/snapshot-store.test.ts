import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSnapshotStore } from "../../src/snapshot/index.ts";
import { CURRENT, PREVIOUS, handSnapshot } from "./hand-snapshots.ts";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "snapshot-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("openSnapshotStore", () => {
  it("lists manifests newest first and opens the latest", async () => {
    const middle = await handSnapshot(dir, CURRENT, "2026-11-20T10:00:00Z");
    const oldest = await handSnapshot(dir, PREVIOUS, "2026-11-19T10:00:00Z");
    const newest = await handSnapshot(dir, PREVIOUS, "2026-11-21T10:00:00Z");
    const store = openSnapshotStore(dir);
    expect((await store.list()).map((m) => m.id)).toEqual([newest, middle, oldest].map((s) => s.manifest.id));
    expect((await store.latest())?.manifest).toEqual(newest.manifest);
    expect((await store.open(middle.manifest.id)).lookup("G")?.probability).toBe(0.9);
  });

  it("ignores dot-directories, and skips directories without a valid manifest, saying why", async () => {
    const good = await handSnapshot(dir, CURRENT, "2026-11-20T10:00:00Z");
    // A complete-looking snapshot under a dot-name (a writer before its rename) is still invisible.
    await cp(join(dir, good.manifest.id), join(dir, ".tmp-snapshot-1-abcd"), { recursive: true });
    await mkdir(join(dir, "half-copied"));
    await mkdir(join(dir, "garbled"));
    await writeFile(join(dir, "garbled", "manifest.json"), "{ not json");
    await cp(join(dir, good.manifest.id), join(dir, "renamed-by-hand"), { recursive: true });
    await writeFile(join(dir, "notes.txt"), "not a snapshot");
    const skipped: [string, string][] = [];
    const store = openSnapshotStore(dir, { onSkip: (name, reason) => skipped.push([name, reason]) });
    expect((await store.list()).map((m) => m.id)).toEqual([good.manifest.id]);
    expect(skipped.sort()).toEqual([
      ["garbled", expect.stringContaining("invalid manifest")],
      ["half-copied", "no manifest.json"],
      ["renamed-by-hand", expect.stringContaining("differs from the directory name")],
    ]);
  });

  it("lists nothing for a missing or empty directory", async () => {
    expect(await openSnapshotStore(join(dir, "absent")).list()).toEqual([]);
    expect(await openSnapshotStore(dir).latest()).toBeUndefined();
  });

  it("explains a bad or unknown id", async () => {
    const store = openSnapshotStore(dir);
    await expect(store.open("2026-01-01T00-00-00Z-deadbeef")).rejects.toThrow(
      'no such snapshot: "2026-01-01T00-00-00Z-deadbeef"',
    );
    await expect(store.open("../etc")).rejects.toThrow('invalid snapshot id: "../etc"');
    await expect(store.open(".tmp-snapshot-1-abcd")).rejects.toThrow("invalid snapshot id");
  });

  it("rejects a manifest whose fields are wrong", async () => {
    const good = await handSnapshot(dir, CURRENT, "2026-11-20T10:00:00Z");
    const path = join(dir, good.manifest.id, "manifest.json");
    const manifest = JSON.parse(await readFile(path, "utf8"));
    await writeFile(path, JSON.stringify({ ...manifest, rows: -1 }));
    const skipped: string[] = [];
    expect(await openSnapshotStore(dir, { onSkip: (_, reason) => skipped.push(reason) }).list()).toEqual([]);
    expect(skipped[0]).toMatch(/invalid manifest: .*manifest.json \(rows: /);
  });
});
