import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createSnapshotWriter,
  LEGACY_CUSTOMER_COLUMNS,
  loadSnapshot,
  openSnapshotStore,
  readScoredBatches,
  statusFromChurn,
} from "../../src/snapshot/index.ts";
import { syntheticRow, toBatch } from "./synthetic-scored.ts";

// Written by the version-1 writer (before the status column): 40 synthetic rows, seed 3, sources
// Contract and tenure, record batches of 16 rows.
const STORE = join(import.meta.dirname, "fixtures", "v1");
const ID = "2026-11-21T13-15-00Z-d39542fb";
const SOURCES = ["Contract", "tenure"];
const rows = Array.from({ length: 40 }, (_, i) => syntheticRow(i, 3, SOURCES));

describe("a version-1 snapshot", () => {
  it("still loads, as the legacy layout, with each status derived from Churn", async () => {
    const [manifest] = await openSnapshotStore(STORE).list();
    expect(manifest).toMatchObject({ id: ID, schemaVersion: 1, contract: null, rows: 40 });
    expect(manifest.columns).toEqual(LEGACY_CUSTOMER_COLUMNS);
    const snapshot = await loadSnapshot(join(STORE, ID), { verify: true });
    const status = rows.map((r) => statusFromChurn(r.customer.Churn));
    expect(new Set(status)).toEqual(new Set(["current", "churned", "retained"]));
    for (const [i, r] of rows.entries()) {
      expect(snapshot.lookup(r.customer.customerID)).toEqual({
        customer: r.customer,
        status: status[i],
        inputRow: i,
        probability: r.probability,
        margin: r.margin,
        band: r.band,
        contributions: Object.fromEntries(SOURCES.map((s, k) => [s, Math.fround(r.contributions[k])])),
        drivers: r.drivers,
      });
    }
    // The table has the status column where version 2 keeps it: after the customer columns.
    expect(snapshot.table.columnNames().slice(30, 33)).toEqual([
      "true_churn_probability",
      "status",
      "inputRow",
    ]);
    expect(snapshot.table.array("status")).toEqual(status);
    expect(snapshot.segments("status").map((s) => s.segment)).toEqual(["churned", "current", "retained"]);
  });

  it("reads back through the batch reader, and compares with a version-2 snapshot", async () => {
    const back = [];
    for await (const batch of readScoredBatches(join(STORE, ID, "customers.arrow"))) back.push(batch);
    expect(back.map((b) => b.customers.length)).toEqual([16, 16, 8]);
    expect(back.flatMap((b) => b.customers)).toEqual(rows.map((r) => r.customer));
    expect(back.flatMap((b) => b.status)).toEqual(rows.map((r) => statusFromChurn(r.customer.Churn)));

    const dir = await mkdtemp(join(tmpdir(), "snapshot-v1-"));
    try {
      const writer = await createSnapshotWriter({
        dir,
        model: { name: "v2", hash: "h2" },
        dataHash: "d2",
        clock: () => new Date("2026-11-22T13:15:00Z"),
      });
      await writer.append(toBatch(rows, SOURCES));
      const now = await loadSnapshot(join(dir, (await writer.finish()).id));
      const diff = now.compare(await loadSnapshot(join(STORE, ID)));
      expect(diff.customers).toEqual({ previous: 40, current: 40, common: 40, added: 0, removed: 0 });
      expect(diff.probability).toEqual({ meanDelta: 0, increased: 0, decreased: 0, unchanged: 40 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
