import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  commitSnapshot,
  createPartWriter,
  createSnapshotWriter,
  shardOf,
  type Manifest,
  type PartWriter,
} from "../../src/snapshot/index.ts";
import { syntheticBatches, syntheticRow, toBatch, type ScoredRow } from "./synthetic-scored.ts";

const model = { name: "churn-gbdt", hash: "model-hash-1" };
const dataHash = "data-hash-1";
const clock = () => new Date("2026-11-21T13:15:00Z");
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "commit-snapshot-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Run {
  rows: number;
  seed: number;
  /** Append batch size of the scorer (single process and each shard). */
  appendRows: number;
  /** Rows per Arrow record batch of the snapshot. */
  batchRows: number;
}

async function singleProcess(dir: string, run: Run): Promise<Manifest> {
  const writer = await createSnapshotWriter({ dir, model, dataHash, clock, batchRows: run.batchRows });
  for (const batch of syntheticBatches({ rows: run.rows, batchRows: run.appendRows, seed: run.seed })) {
    await writer.append(batch);
  }
  return writer.finish();
}

/** Scores the input once, as a scheduler would hand rows to shards, writing every part side by side. */
async function writeParts(partsDir: string, n: number, run: Run, only?: (shard: number) => boolean) {
  const shards = Array.from({ length: n }, (_, shard) => shard).filter((shard) => !only || only(shard));
  const parts = new Map<number, { writer: PartWriter; pending: ScoredRow[] }>();
  for (const shard of shards) {
    parts.set(shard, {
      writer: await createPartWriter({ partsDir, shard, of: n, model, dataHash }),
      pending: [],
    });
  }
  for (let i = 0; i < run.rows; i++) {
    const row = syntheticRow(i, run.seed);
    const part = parts.get(shardOf(row.customer.customerID, n));
    if (!part) continue;
    part.pending.push(row);
    if (part.pending.length === run.appendRows) {
      await part.writer.append(toBatch(part.pending));
      part.pending = [];
    }
  }
  for (const part of parts.values()) {
    if (part.pending.length > 0) await part.writer.append(toBatch(part.pending));
    await part.writer.finish();
  }
}

describe("commitSnapshot", () => {
  it("merges 1, 3 or 7 shard parts into the very snapshot one process writes (same manifest, same bytes)", async () => {
    let case_ = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          rows: fc.integer({ min: 0, max: 400 }),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          appendRows: fc.integer({ min: 1, max: 150 }),
          batchRows: fc.integer({ min: 1, max: 120 }),
        }),
        fc.constantFrom(1, 3, 7),
        async (run, n) => {
          const base = join(root, `case-${case_++}`);
          const single = await singleProcess(join(base, "single"), run);
          await writeParts(join(base, "parts"), n, run);
          const committed = await commitSnapshot({
            partsDir: join(base, "parts"),
            snapshotsDir: join(base, "committed"),
            clock,
            batchRows: run.batchRows,
          });
          expect(committed).toEqual(single);
          const [a, b] = await Promise.all(
            [join(base, "single"), join(base, "committed")].map((d) =>
              readFile(join(d, single.id, "customers.arrow")),
            ),
          );
          expect(a.equals(b)).toBe(true);
          expect(await readFile(join(base, "committed", single.id, "manifest.json"), "utf8")).toBe(
            await readFile(join(base, "single", single.id, "manifest.json"), "utf8"),
          );
          await rm(base, { recursive: true, force: true });
        },
      ),
      { numRuns: 12, seed: 20261121 },
    );
  });

  it("merges across the default 64k record batches", async () => {
    const run = { rows: 70_000, seed: 11, appendRows: 10_000, batchRows: 65_536 };
    const single = await singleProcess(join(root, "single"), run);
    await writeParts(join(root, "parts"), 3, run);
    const committed = await commitSnapshot({
      partsDir: join(root, "parts"),
      snapshotsDir: join(root, "committed"),
      clock,
    });
    expect(committed).toEqual(single);
    const [a, b] = await Promise.all(
      ["single", "committed"].map((d) => readFile(join(root, d, single.id, "customers.arrow"))),
    );
    expect(a.equals(b)).toBe(true);
  });

  describe("refuses to publish", () => {
    const run = { rows: 60, seed: 3, appendRows: 25, batchRows: 65_536 };
    const partsDir = () => join(root, "parts");
    const snapshotsDir = () => join(root, "snapshots");
    const commit = () => commitSnapshot({ partsDir: partsDir(), snapshotsDir: snapshotsDir(), clock });
    const nothingPublished = async () => expect(await readdir(snapshotsDir()).catch(() => [])).toEqual([]);

    it("when a part is missing", async () => {
      await writeParts(partsDir(), 7, run, (shard) => shard !== 2 && shard !== 5);
      await expect(commit()).rejects.toThrow(`missing parts: part-2-of-7, part-5-of-7 in ${partsDir()}`);
      await nothingPublished();
    });

    it("when there are no parts at all", async () => {
      await writeFile(join(root, "unrelated.txt"), "x");
      await expect(commitSnapshot({ partsDir: root, snapshotsDir: snapshotsDir(), clock })).rejects.toThrow(
        `no parts in ${root}`,
      );
    });

    it("when parts disagree on the model hash", async () => {
      await writeParts(partsDir(), 3, run, (shard) => shard !== 1);
      const part = await createPartWriter({
        partsDir: partsDir(),
        shard: 1,
        of: 3,
        model: { ...model, hash: "other" },
        dataHash,
      });
      await part.finish();
      await expect(commit()).rejects.toThrow(
        "parts disagree on model hash: part-0-of-3 has model-hash-1, part-1-of-3 has other",
      );
      await nothingPublished();
    });

    it("when parts disagree on the data hash", async () => {
      await writeParts(partsDir(), 3, run, (shard) => shard !== 2);
      const part = await createPartWriter({
        partsDir: partsDir(),
        shard: 2,
        of: 3,
        model,
        dataHash: "stale",
      });
      await part.finish();
      await expect(commit()).rejects.toThrow(
        "parts disagree on data hash: part-0-of-3 has data-hash-1, part-2-of-3 has stale",
      );
    });

    it("when parts disagree on the number of shards", async () => {
      await writeParts(partsDir(), 3, run);
      await writeParts(partsDir(), 2, run, (shard) => shard === 0);
      await expect(commit()).rejects.toThrow("parts disagree on the shard count: 2 vs 3");
    });

    it("when a part file does not match its json", async () => {
      await writeParts(partsDir(), 3, run);
      const path = join(partsDir(), "part-1-of-3.arrow");
      const bytes = await readFile(path);
      bytes[bytes.length - 20] ^= 0xff;
      await writeFile(path, bytes);
      await expect(commit()).rejects.toThrow(/part file does not match its json: part-1-of-3.arrow/);
      await nothingPublished();
    });

    it("when a part comes from another schema version", async () => {
      await writeParts(partsDir(), 2, run);
      const path = join(partsDir(), "part-1-of-2.json");
      const { contract: _c, columns: _k, ...v1 } = JSON.parse(await readFile(path, "utf8"));
      await writeFile(path, JSON.stringify({ ...v1, schemaVersion: 1 }));
      await expect(commit()).rejects.toThrow(
        "unsupported part schema version: 1 in part-1-of-2.json (expected 2): score its shard again",
      );
      await nothingPublished();
    });

    it("when a part's json is not a part description", async () => {
      await writeParts(partsDir(), 1, run);
      await writeFile(join(partsDir(), "part-0-of-1.json"), JSON.stringify({ shard: 0, of: 1 }));
      await expect(commit()).rejects.toThrow(/invalid part: part-0-of-1.json \(schemaVersion: /);
    });
  });
});

describe("createPartWriter", () => {
  it("refuses a customer of another shard, and leaves no part behind", async () => {
    const rows = Array.from({ length: 20 }, (_, i) => syntheticRow(i, 8));
    const stranger = rows.find((r) => shardOf(r.customer.customerID, 3) !== 0)!;
    const part = await createPartWriter({ partsDir: root, shard: 0, of: 3, model, dataHash });
    await expect(part.append(toBatch([stranger]))).rejects.toThrow(
      `customer "${stranger.customer.customerID}" belongs to shard ${shardOf(stranger.customer.customerID, 3)}, not 0`,
    );
    await part.abort();
    expect(await readdir(root)).toEqual([]);
  });

  it("publishes the .arrow and a .json describing it, and nothing else", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => syntheticRow(i, 8)).filter(
      (r) => shardOf(r.customer.customerID, 2) === 1,
    );
    const part = await createPartWriter({ partsDir: root, shard: 1, of: 2, model, dataHash });
    await part.append(toBatch(rows));
    const info = await part.finish();
    expect((await readdir(root)).sort()).toEqual(["part-1-of-2.arrow", "part-1-of-2.json"]);
    expect(JSON.parse(await readFile(join(root, "part-1-of-2.json"), "utf8"))).toEqual(info);
    expect(info).toMatchObject({ shard: 1, of: 2, model, dataHash, rows: rows.length });
    expect(info.file.bytes).toBe((await readFile(join(root, "part-1-of-2.arrow"))).byteLength);
  });

  it("refuses a shard index outside 0 … of−1", async () => {
    await expect(createPartWriter({ partsDir: root, shard: 3, of: 3, model, dataHash })).rejects.toThrow(
      "invalid shard: 3 (of 3)",
    );
  });
});
