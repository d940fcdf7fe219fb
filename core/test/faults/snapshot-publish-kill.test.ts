// Fault: kill -9 while a snapshot is published. A child process publishes 20,000 synthetic scored
// customers and is frozen, then SIGKILLed, at each step of the publish: mid-append, before the
// manifest, half-way through the manifest, before and after the rename into place. Whatever the
// point, a reader lists only complete snapshots (each loads and matches its manifest's SHA-256),
// the next publish succeeds, and the leftover temporary directory is ignored while fresh and
// removed once stale.
import { mkdtempSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSnapshotWriter, openSnapshotStore, type Manifest } from "../../src/snapshot/index.ts";
import { syntheticBatches } from "../snapshot/synthetic-scored.ts";
import { startChild } from "./fixtures/child.ts";

const CHILD = join(import.meta.dirname, "fixtures/snapshot-writer-child.ts");
const ROWS = 20_000;
const BATCH_ROWS = 5_000;
const model = { name: "faults", hash: "faults-model" };
const clock = () => new Date("2026-11-21T13:00:00Z");

let dir: string;
let first: Manifest;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "et-faults-publish-"));
  first = await publish(1, 2_000, { clock: () => new Date("2026-11-20T13:00:00Z") });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function publish(
  seed: number,
  rows = ROWS,
  options: { clock?: () => Date; staleTempMs?: number } = {},
): Promise<Manifest> {
  const writer = await createSnapshotWriter({
    dir,
    model,
    dataHash: `data-${seed}`,
    clock: options.clock ?? clock,
    batchRows: BATCH_ROWS,
    staleTempMs: options.staleTempMs,
  });
  for (const batch of syntheticBatches({ rows, batchRows: BATCH_ROWS, seed })) await writer.append(batch);
  return writer.finish();
}

/** What a reader sees: exactly these snapshots, each complete and matching its manifest's hash. */
async function expectOnlyComplete(ids: string[]): Promise<void> {
  const store = openSnapshotStore(dir);
  const { manifests, skipped } = await store.scan();
  expect(manifests.map((m) => m.id)).toEqual(ids);
  expect(skipped).toEqual([]);
  for (const m of manifests) expect((await store.open(m.id, { verify: true })).size).toBe(m.rows);
}
const temps = () => readdirSync(dir).filter((n) => n.startsWith("."));

/** Starts the child publisher, waits until it is frozen at `point`, checks the reader's view, kills it. */
async function killAt(point: string, seed = 7): Promise<void> {
  const child = startChild(CHILD, [
    dir,
    String(ROWS),
    String(seed),
    "--batch-rows",
    String(BATCH_ROWS),
    "--stop-at",
    point,
  ]);
  expect(await child.waitForLine(/^STOPPED/)).toBe(`STOPPED ${point}`);
  if (point !== "rename-after") await expectOnlyComplete([first.id]); // while the writer is frozen
  expect((await child.kill9()).signal).toBe("SIGKILL");
}

/** Makes the leftover look untouched for 7 hours (past the 6-hour default). */
function age(name: string): void {
  const old = new Date(Date.now() - 7 * 3600 * 1000);
  for (const f of readdirSync(join(dir, name))) utimesSync(join(dir, name, f), old, old);
  utimesSync(join(dir, name), old, old);
}

describe("kill -9 during snapshot publish", () => {
  const beforeRename: Array<[string, string[]]> = [
    ["append:2", ["customers.arrow"]],
    ["manifest-before", ["customers.arrow"]],
    ["manifest-half", ["customers.arrow", "manifest.json"]],
    ["rename-before", ["customers.arrow", "manifest.json"]],
  ];
  for (const [point, files] of beforeRename) {
    it(`at ${point}: only a dot-directory is left, never listed; the next publish succeeds and removes it once stale`, async () => {
      await killAt(point);
      await expectOnlyComplete([first.id]);
      const [leftover, ...more] = temps();
      expect(more).toEqual([]);
      expect(leftover).toMatch(/^\.tmp-snapshot-\d+-[0-9a-f]{8}$/);
      expect(readdirSync(join(dir, leftover)).sort()).toEqual(files);

      age(leftover);
      const next = await publish(7); // what the killed process was publishing
      expect(next.rows).toBe(ROWS);
      await expectOnlyComplete([next.id, first.id]);
      expect(temps()).toEqual([]);
    });
  }

  it("at rename-after: the snapshot is complete and served; publishing it again returns it, a new one succeeds", async () => {
    await killAt("rename-after");
    const [published] = await openSnapshotStore(dir).list();
    expect(published.rows).toBe(ROWS);
    await expectOnlyComplete([published.id, first.id]);
    expect(temps()).toEqual([]);
    expect((await publish(7)).id).toBe(published.id); // the same customers in the same second: the same snapshot
    await expectOnlyComplete([published.id, first.id]);
    const next = await publish(8, ROWS, { clock: () => new Date("2026-11-22T13:00:00Z") });
    await expectOnlyComplete([next.id, published.id, first.id]);
  });

  it("a fresh leftover (its writer may be alive) is kept and ignored by the next publish", async () => {
    await killAt("append:2");
    const [leftover] = temps();
    const next = await publish(7);
    await expectOnlyComplete([next.id, first.id]);
    expect(temps()).toEqual([leftover]);
  });
});
