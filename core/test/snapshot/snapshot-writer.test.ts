import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createSnapshotWriter,
  LEGACY_CUSTOMER_COLUMNS,
  loadSnapshot,
  openSnapshotStore,
  readScoredBatches,
  type ScoredBatch,
} from "../../src/snapshot/index.ts";
import { customer } from "../fixtures/customer.ts";
import { SOURCES, syntheticBatches, syntheticRow, toBatch, type ScoredRow } from "./synthetic-scored.ts";

const model = { name: "churn-gbdt", hash: "model-hash-1" };
const clock = () => new Date("2026-11-21T13:15:00.250Z");
let dir: string;

/** Run in a child process: writes 3,000 rows into the directory given as argument, then dies. */
const CRASHING_WRITER = `
const { createSnapshotWriter } = await import(${JSON.stringify(new URL("../../src/snapshot/index.ts", import.meta.url).href)});
const { syntheticBatches } = await import(${JSON.stringify(new URL("./synthetic-scored.ts", import.meta.url).href)});
const dir = process.argv[1];
const writer = await createSnapshotWriter({ dir, model: { name: "m", hash: "h" }, dataHash: "d", clock: () => new Date(0), batchRows: 500 });
for (const batch of syntheticBatches({ rows: 3000, batchRows: 1000, seed: 2 })) await writer.append(batch);
process.kill(process.pid, "SIGKILL");
`;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "snapshot-writer-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeAll(batches: Iterable<ScoredBatch>, options: { batchRows?: number } = {}) {
  const writer = await createSnapshotWriter({ dir, model, dataHash: "data-hash-1", clock, ...options });
  for (const batch of batches) await writer.append(batch);
  return writer.finish();
}

/** What a row should read back as: optional customer fields absent when they were absent. */
function expectedRow(row: ScoredRow) {
  return {
    customer: row.customer,
    status: row.status,
    inputRow: row.inputRow,
    probability: row.probability,
    margin: row.margin,
    band: row.band,
    contributions: Object.fromEntries(SOURCES.map((s, i) => [s, Math.fround(row.contributions[i])])),
    drivers: row.drivers,
  };
}

describe("createSnapshotWriter", () => {
  it("round-trips every column, nulls included, through lookup and through the batch reader", async () => {
    const rows = Array.from({ length: 500 }, (_, i) => syntheticRow(i, 7));
    // Make sure each nullable column really has both nulls and values in this data.
    expect(rows.some((r) => r.customer.TotalCharges === null)).toBe(true);
    expect(rows.some((r) => r.customer.Churn === undefined) && rows.some((r) => r.customer.Churn)).toBe(true);
    expect(rows.some((r) => r.customer.true_churn_probability === undefined)).toBe(true);
    expect(rows.some((r) => r.drivers.length === 0) && rows.some((r) => r.drivers.length === 5)).toBe(true);
    const manifest = await writeAll([toBatch(rows.slice(0, 123)), toBatch(rows.slice(123))], {
      batchRows: 64,
    });

    const snapshot = await loadSnapshot(join(dir, manifest.id));
    expect(snapshot.size).toBe(500);
    for (const row of rows) expect(snapshot.lookup(row.customer.customerID)).toEqual(expectedRow(row));

    const back: ScoredRow[] = [];
    for await (const batch of readScoredBatches(join(dir, manifest.id, "customers.arrow"))) {
      expect(batch.sources).toEqual(SOURCES);
      batch.customers.forEach((c, i) =>
        back.push({
          customer: c,
          status: batch.status[i],
          inputRow: batch.inputRow[i],
          probability: batch.probability[i],
          margin: batch.margin[i],
          band: batch.band[i],
          contributions: Array.from(
            batch.contributions.subarray(i * SOURCES.length, (i + 1) * SOURCES.length),
          ),
          drivers: [...batch.drivers[i]],
        }),
      );
    }
    expect(back).toEqual(rows.map((r) => ({ ...r, contributions: r.contributions.map(Math.fround) })));
  });

  it("writes a manifest with counts, sources and the file's hash, under a time-sortable id", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => syntheticRow(i, 3));
    const manifest = await writeAll([toBatch(rows)]);
    const file = await readFile(join(dir, manifest.id, "customers.arrow"));
    const { createHash } = await import("node:crypto");
    const sha256 = createHash("sha256").update(file).digest("hex");
    expect(manifest).toEqual({
      schemaVersion: 2,
      id: `2026-11-21T13-15-00Z-${sha256.slice(0, 8)}`,
      createdAt: "2026-11-21T13:15:00.250Z",
      model,
      dataHash: "data-hash-1",
      rows: 40,
      // Customers to act on per band: churned rows are history.
      bands: {
        Low: rows.filter((r) => r.band === "Low" && r.status !== "churned").length,
        Medium: rows.filter((r) => r.band === "Medium" && r.status !== "churned").length,
        High: rows.filter((r) => r.band === "High" && r.status !== "churned").length,
      },
      sources: SOURCES,
      file: { name: "customers.arrow", bytes: file.byteLength, sha256 },
      contract: null,
      columns: LEGACY_CUSTOMER_COLUMNS,
      dataset: null,
    });
    expect(JSON.parse(await readFile(join(dir, manifest.id, "manifest.json"), "utf8"))).toEqual(manifest);
    expect(await readdir(dir)).toEqual([manifest.id]);
  });

  it("orders rows by inputRow whatever the order inside a batch, and gives equal bytes for equal content", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => syntheticRow(i, 5));
    const shuffled = [...rows.slice(0, 10).reverse(), ...rows.slice(10, 30).reverse()];
    const a = await writeAll([toBatch(shuffled.slice(0, 10)), toBatch(shuffled.slice(10))], { batchRows: 8 });
    const snapshot = await loadSnapshot(join(dir, a.id));
    expect(Array.from(snapshot.table.array("inputRow") as ArrayLike<number>)).toEqual(
      rows.map((r) => r.inputRow),
    );

    const other = await mkdtemp(join(tmpdir(), "snapshot-writer-"));
    try {
      const writer = await createSnapshotWriter({
        dir: other,
        model,
        dataHash: "data-hash-1",
        clock,
        batchRows: 8,
      });
      for (let i = 0; i < 30; i += 7) await writer.append(toBatch(rows.slice(i, i + 7)));
      const b = await writer.finish();
      expect(b).toEqual(a);
      expect(await readFile(join(other, b.id, "customers.arrow"))).toEqual(
        await readFile(join(dir, a.id, "customers.arrow")),
      );
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("writes an empty snapshot that reads back empty", async () => {
    const manifest = await writeAll([]);
    expect(manifest).toMatchObject({ rows: 0, bands: { Low: 0, Medium: 0, High: 0 }, sources: [] });
    const snapshot = await loadSnapshot(join(dir, manifest.id));
    expect(snapshot.size).toBe(0);
    expect(snapshot.lookup("7590-VHVEG")).toBeUndefined();
    expect(snapshot.summary()).toEqual({
      customers: 0,
      bands: { Low: 0, Medium: 0, High: 0 },
      revenueAtRisk: 0,
      currency: "USD",
      churned: 0,
    });
  });

  it("refuses rows out of input order, repeated rows or IDs, and values outside the schema", async () => {
    const rows = Array.from({ length: 4 }, (_, i) => syntheticRow(i, 9));
    const attempt = async (batches: ScoredBatch[]) => {
      const writer = await createSnapshotWriter({ dir, model, dataHash: "d", clock });
      try {
        for (const b of batches) await writer.append(b);
        return await writer.finish();
      } finally {
        await writer.abort();
      }
    };
    await expect(attempt([toBatch(rows.slice(2)), toBatch(rows.slice(0, 2))])).rejects.toThrow(
      "rows out of order: inputRow 0 after 3",
    );
    await expect(attempt([toBatch([rows[0], rows[1], rows[1]])])).rejects.toThrow("duplicate inputRow: 1");
    const twin = { ...rows[1], customer: { ...rows[1].customer, customerID: rows[0].customer.customerID } };
    await expect(attempt([toBatch([rows[0], twin])])).rejects.toThrow(/duplicate customerID: "C0000000-9"/);
    const bad = { ...rows[0], customer: { ...rows[0].customer, Contract: "Three year" as never } };
    await expect(attempt([toBatch([bad])])).rejects.toThrow(
      'invalid Contract: "Three year" (customer "C0000000-9")',
    );
    const fractional = { ...rows[0], customer: customer({ tenure: 1.5 }) };
    await expect(attempt([toBatch([fractional])])).rejects.toThrow(
      'invalid tenure: 1.5 (customer "7590-VHVEG")',
    );
    const short = { ...toBatch(rows), margin: new Float64Array(3) };
    await expect(attempt([short])).rejects.toThrow("batch length mismatch: margin has 3 rows, customers 4");
    const otherSources = toBatch(
      rows.slice(1).map((r) => syntheticRow(r.inputRow, 9, ["a"])),
      ["a"],
    );
    await expect(attempt([toBatch(rows.slice(0, 1)), otherSources])).rejects.toThrow("sources differ");
    // Nothing was published, and every temporary directory was removed.
    expect(await readdir(dir)).toEqual([]);
  });

  it("never shows a reader part of a snapshot while it is written", async () => {
    const store = openSnapshotStore(dir);
    const writer = await createSnapshotWriter({ dir, model, dataHash: "d", clock, batchRows: 1000 });
    for (const batch of syntheticBatches({ rows: 20_000, batchRows: 2_500, seed: 4 })) {
      await writer.append(batch);
      expect(await store.list()).toEqual([]);
    }
    const finishing = writer.finish();
    let done = false;
    void finishing.then(() => (done = true));
    const seen = new Set<string>();
    while (!done) {
      // Whatever a reader lists while finish() runs must load completely.
      for (const m of await store.list()) {
        const snapshot = await store.open(m.id, { verify: true });
        expect(snapshot.size).toBe(20_000);
        seen.add(m.id);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const manifest = await finishing;
    expect((await store.list()).map((m) => m.id)).toEqual([manifest.id]);
    expect([...seen].every((id) => id === manifest.id)).toBe(true);
  });

  it("leaves only an ignored dot-directory when the process dies before the rename", async () => {
    const published = await writeAll([toBatch([syntheticRow(0, 1)])]);
    // A real crash: a child process writes rows, then is killed (SIGKILL) before finish().
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", CRASHING_WRITER, dir],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(child.signal).toBe("SIGKILL");
    const leftovers = (await readdir(dir)).filter((n) => n !== published.id);
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toMatch(/^\.tmp-snapshot-/);
    expect(await readdir(join(dir, leftovers[0]))).toEqual(["customers.arrow"]);
    const skipped: string[] = [];
    const store = openSnapshotStore(dir, { onSkip: (name) => skipped.push(name) });
    expect((await store.list()).map((m) => m.id)).toEqual([published.id]);
    expect((await store.latest())?.manifest.id).toBe(published.id);
    expect(skipped).toEqual([]);
  });

  it("removes its temporary directory when aborted", async () => {
    const writer = await createSnapshotWriter({ dir, model, dataHash: "d", clock });
    for (const batch of syntheticBatches({ rows: 3_000, batchRows: 1_000, seed: 2 }))
      await writer.append(batch);
    expect(await readdir(dir)).toHaveLength(1);
    await writer.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it("the same customers published twice in the same second are one snapshot: the second publish returns the first", async () => {
    const batch = toBatch([syntheticRow(0, 1)]);
    const first = await writeAll([batch]);
    const bytes = await readFile(join(dir, first.id, "manifest.json"), "utf8");
    const later = () => new Date("2026-11-21T13:15:00.900Z"); // same second, another millisecond
    const writer = await createSnapshotWriter({ dir, model, dataHash: "data-hash-1", clock: later });
    await writer.append(batch);
    expect(await writer.finish()).toEqual(first);
    expect(await readdir(dir)).toEqual([first.id]);
    expect(await readFile(join(dir, first.id, "manifest.json"), "utf8")).toBe(bytes);
  });

  it("refuses to replace an existing snapshot that differs, in one sentence naming the id and the folder", async () => {
    const batch = toBatch([syntheticRow(0, 1)]);
    const first = await writeAll([batch]);
    // Same second and content, another data hash: not the same snapshot.
    const other = await createSnapshotWriter({ dir, model, dataHash: "data-hash-2", clock });
    await other.append(batch);
    await expect(other.finish()).rejects.toThrow(
      `snapshot already exists: ${first.id} in ${dir} holds a different snapshot published in the same second; run again`,
    );
    // A fixed id that is taken is refused too, even with the same content.
    const fixed = await createSnapshotWriter({ dir, model, dataHash: "data-hash-1", clock, id: first.id });
    await fixed.append(batch);
    await expect(fixed.finish()).rejects.toThrow(
      `snapshot already exists: ${first.id} in ${dir}; choose another snapshot id`,
    );
    expect(await readdir(dir)).toEqual([first.id]);
  });
});
