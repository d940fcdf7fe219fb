// A publish sweeps the temporary folders that crashed writers left behind, once nothing has written
// to them for an hour, and reports each one; younger ones (a live writer elsewhere) are kept.
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createSnapshotWriter,
  DEFAULT_STALE_TEMP_MS,
  SNAPSHOT_TEMP_PREFIX,
  type StaleTemp,
} from "../../src/snapshot/index.ts";
import { syntheticBatches } from "./synthetic-scored.ts";

const model = { name: "churn-gbdt", hash: "model-hash-1" };
const clock = () => new Date("2026-11-21T13:15:00.250Z");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "stale-temps-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A crashed writer's folder, its files and itself last written `minutesAgo`. */
function leftover(name: string, minutesAgo: number): void {
  const path = join(dir, `${SNAPSHOT_TEMP_PREFIX}${name}`);
  mkdirSync(path);
  writeFileSync(join(path, "customers.arrow"), "half a file");
  const then = new Date(Date.now() - minutesAgo * 60_000);
  utimesSync(join(path, "customers.arrow"), then, then);
  utimesSync(path, then, then);
}

const temps = () =>
  readdirSync(dir)
    .filter((n) => n.startsWith("."))
    .sort();

describe("stale snapshot temp folders", () => {
  it("the default age is one hour", () => {
    expect(DEFAULT_STALE_TEMP_MS).toBe(3600_000);
  });

  it("a publish removes those untouched for over an hour — also ones left while it was writing — reports each, and keeps younger ones", async () => {
    leftover("111-aaaaaaaa", 90);
    const removed: StaleTemp[] = [];
    const writer = await createSnapshotWriter({
      dir,
      model,
      dataHash: "d",
      clock,
      onStaleTemp: (t) => removed.push(t),
    });
    // Left while this writer runs (a shard that died meanwhile; a live writer elsewhere).
    leftover("222-bbbbbbbb", 120);
    leftover("333-cccccccc", 30);
    for (const batch of syntheticBatches({ rows: 2_000, batchRows: 1_000, seed: 3 }))
      await writer.append(batch);
    const manifest = await writer.finish();

    expect(temps()).toEqual([`${SNAPSHOT_TEMP_PREFIX}333-cccccccc`]);
    expect(readdirSync(dir)).toContain(manifest.id);
    expect(removed.map((r) => r.name).sort()).toEqual([
      `${SNAPSHOT_TEMP_PREFIX}111-aaaaaaaa`,
      `${SNAPSHOT_TEMP_PREFIX}222-bbbbbbbb`,
    ]);
    for (const r of removed) expect(r.untouchedMs).toBeGreaterThan(DEFAULT_STALE_TEMP_MS);
  });
});
