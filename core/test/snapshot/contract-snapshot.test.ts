import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RecordBatchReader, Type } from "apache-arrow";
import fc from "fast-check";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ContractRow, CustomerStatus } from "../../src/data/read-contract-rows.ts";
import {
  commitSnapshot,
  createPartWriter,
  createSnapshotWriter,
  loadSnapshot,
  openSnapshotStore,
  readScoredBatches,
  shardOf,
  snapshotColumnsFromContract,
  type Manifest,
  type ScoredBatch,
} from "../../src/snapshot/index.ts";
import { parseDatasetContract } from "../../src/data/read-dataset-contract.ts";
import { CLUB, CLUB_SOURCES, clubBatch, clubRows } from "./contract-scored.ts";
import { bandOf, syntheticRow, toBatch } from "./synthetic-scored.ts";

const model = { name: "club-gbdt", hash: "model-hash-1" };
const dataHash = "club-data-1";
const clock = () => new Date("2026-11-21T13:15:00Z");
const ROWS = 600;
let members: { customers: ContractRow[]; status: CustomerStatus[] };
let root: string;

beforeAll(async () => {
  members = await clubRows(ROWS, 17);
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "contract-snapshot-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every column of the contract, null where the row lacks it: what a snapshot gives back. */
const full = (row: ContractRow): ContractRow =>
  Object.fromEntries(snapshotColumnsFromContract(CLUB).map(({ name }) => [name, row[name] ?? null]));

async function writeSingle(dir: string, appendRows: number, batchRows?: number): Promise<Manifest> {
  const writer = await createSnapshotWriter({ dir, model, dataHash, clock, contract: CLUB, batchRows });
  for (let at = 0; at < ROWS; at += appendRows)
    await writer.append(clubBatch(members.customers, members.status, at, Math.min(ROWS, at + appendRows)));
  return writer.finish();
}

async function writeParts(partsDir: string, n: number, appendRows: number): Promise<void> {
  const id = (i: number) => members.customers[i].member_id as string;
  for (let shard = 0; shard < n; shard++) {
    const part = await createPartWriter({ partsDir, shard, of: n, model, dataHash, contract: CLUB });
    for (let at = 0; at < ROWS; at += appendRows) {
      const to = Math.min(ROWS, at + appendRows);
      await part.append(
        clubBatch(members.customers, members.status, at, to, (i) => shardOf(id(i), n) === shard),
      );
    }
    await part.finish();
  }
}

describe("snapshotColumnsFromContract", () => {
  it("lists the id, the features in contract order, then label, revenue, owner; nullable where a row can lack the value", () => {
    expect(snapshotColumnsFromContract(CLUB)).toEqual([
      { name: "member_id", spec: { kind: "id" } },
      { name: "has_locker", spec: { kind: "int32", nullable: true } },
      { name: "visits_90d", spec: { kind: "int32", nullable: true } },
      { name: "plan", spec: { kind: "category", values: ["basic", "plus", "premium"], nullable: false } },
      {
        name: "region",
        spec: { kind: "category", values: ["north", "south", "east", "west"], nullable: true },
      },
      { name: "joined", spec: { kind: "float64", nullable: true } },
      { name: "cancelled", spec: { kind: "category", values: ["yes", "no", "renewed"], nullable: true } },
      { name: "monthly_fee", spec: { kind: "float64", nullable: true } },
      { name: "coach", spec: { kind: "text", nullable: true } },
    ]);
  });

  it("adds the experiment arms, stores a revenue feature once, and makes simulated columns nullable", () => {
    const columns = snapshotColumnsFromContract({
      ...CLUB,
      revenue: { column: "visits_90d", currency: "EUR", period: "month" },
      features: CLUB.features.map((f) => (f.column === "plan" ? { ...f } : f)),
      experiment: { column: "arm", arms: ["A", "B"], control: "A" },
      simulate: { columns: ["plan"] },
    });
    expect(columns.map((c) => c.name)).toEqual([
      "member_id",
      "has_locker",
      "visits_90d",
      "plan",
      "region",
      "joined",
      "cancelled",
      "coach",
      "arm",
    ]);
    expect(columns.find((c) => c.name === "plan")?.spec).toMatchObject({ kind: "category", nullable: true });
    expect(columns.at(-1)?.spec).toEqual({ kind: "category", values: ["A", "B"], nullable: true });
  });

  it("refuses a contract column named like a snapshot column", () => {
    const clash = { ...CLUB, owner: { column: "status" } };
    expect(() => snapshotColumnsFromContract(clash)).toThrow(
      'contract "fitness-club" cannot be snapshotted: column "status" is a snapshot column',
    );
  });
});

describe("a contract snapshot", () => {
  it("round-trips every value, null and status through lookup, the table and the batch reader", async () => {
    const { customers, status } = members;
    // The data really has each case: blanks in every nullable column, and all three statuses.
    for (const column of [
      "has_locker",
      "visits_90d",
      "region",
      "joined",
      "cancelled",
      "coach",
      "monthly_fee",
    ]) {
      if (column !== "has_locker")
        expect(customers.some((c) => c[column] === null || c[column] === undefined)).toBe(true);
      expect(customers.some((c) => c[column] !== null && c[column] !== undefined)).toBe(true);
    }
    expect(new Set(status)).toEqual(new Set(["current", "churned", "retained"]));
    expect(customers.some((c) => typeof c.coach === "string" && /[^ -~]/.test(c.coach))).toBe(true);

    const manifest = await writeSingle(root, 250, 128);
    expect(manifest).toMatchObject({
      schemaVersion: 2,
      rows: ROWS,
      sources: CLUB_SOURCES,
      contract: { name: "fitness-club", label: "cancelled", revenue: "monthly_fee", owner: "coach" },
      columns: snapshotColumnsFromContract(CLUB),
    });
    const onDisk = JSON.parse(await readFile(join(root, manifest.id, "manifest.json"), "utf8"));
    expect(onDisk).toEqual(manifest);

    const snapshot = await loadSnapshot<ContractRow>(join(root, manifest.id), { verify: true });
    expect(snapshot.idColumn).toBe("member_id");
    const batch = clubBatch(customers, status, 0, ROWS);
    customers.forEach((c, i) => {
      expect(snapshot.lookup(c.member_id as string)).toEqual({
        customer: full(c),
        status: status[i],
        inputRow: i,
        probability: batch.probability[i],
        margin: batch.margin[i],
        band: batch.band[i],
        contributions: Object.fromEntries(CLUB_SOURCES.map((s, k) => [s, batch.contributions[i * 3 + k]])),
        drivers: batch.drivers[i],
      });
    });
    expect(snapshot.table.columnNames().slice(0, 12)).toEqual([
      ...snapshotColumnsFromContract(CLUB).map((c) => c.name),
      "status",
      "inputRow",
      "probability",
    ]);
    expect(snapshot.table.array("status")).toEqual(status);
    expect(snapshot.table.array("region")).toEqual(customers.map((c) => c.region ?? null));
    expect(snapshot.table.filter("d => d.status === 'current'").numRows()).toBe(
      status.filter((s) => s === "current").length,
    );

    const back: ScoredBatch<ContractRow>[] = [];
    for await (const b of readScoredBatches<ContractRow>(join(root, manifest.id, "customers.arrow")))
      back.push(b);
    expect(back.map((b) => b.customers.length)).toEqual([128, 128, 128, 128, 88]);
    expect(back.flatMap((b) => b.customers)).toEqual(customers.map(full));
    expect(back.flatMap((b) => b.status)).toEqual(status);
    expect(back.flatMap((b) => [...b.inputRow])).toEqual(customers.map((_, i) => i));
  });

  it("stores each column with its type: a dictionary only where no value can be missing", async () => {
    const manifest = await writeSingle(root, ROWS);
    const reader = await RecordBatchReader.from(await readFile(join(root, manifest.id, "customers.arrow")));
    reader.open();
    const types = Object.fromEntries(reader.schema.fields.map((f) => [f.name, [Type[f.typeId], f.nullable]]));
    expect(types).toMatchObject({
      member_id: ["Utf8", false],
      has_locker: ["Int", true],
      visits_90d: ["Int", true],
      plan: ["Dictionary", false],
      region: ["Utf8", true], // nullable category: plain text (Arquero's dictionary-with-nulls bug)
      joined: ["Float", true],
      cancelled: ["Utf8", true],
      monthly_fee: ["Float", true],
      coach: ["Utf8", true],
      status: ["Dictionary", false],
    });
  });

  it("segments by any column and status, with revenue at risk from the contract's revenue column", async () => {
    const manifest = await writeSingle(root, ROWS);
    const snapshot = await loadSnapshot<ContractRow>(join(root, manifest.id));
    expect(snapshot.segmentColumns).toEqual([
      "has_locker",
      "visits_90d",
      "plan",
      "region",
      "joined",
      "cancelled",
      "monthly_fee",
      "coach",
      "status",
      "band",
    ]);
    const batch = clubBatch(members.customers, members.status, 0, ROWS);
    const byPlan = snapshot.segments("plan");
    expect(byPlan.map((s) => s.segment)).toEqual(["basic", "plus", "premium"]);
    // Segments are of customers to act on: churned members are history.
    for (const s of byPlan) {
      const rows = members.customers.flatMap((c, i) =>
        c.plan === s.segment && members.status[i] !== "churned" ? [i] : [],
      );
      expect(s.customers).toBe(rows.length);
      const revenue = rows.reduce(
        (sum, i) => sum + ((members.customers[i].monthly_fee as number) ?? 0) * batch.probability[i],
        0,
      );
      expect(s.revenueAtRisk).toBeCloseTo(revenue, 9);
    }
    expect(snapshot.segments("status").map((s) => [s.segment, s.customers])).toEqual(
      (["churned", "current", "retained"] as const).map((v) => [
        v,
        members.status.filter((s) => s === v).length,
      ]),
    );
    expect(() => snapshot.segments("member_id")).toThrow('unknown segment column: "member_id"');
  });

  it("compares two snapshots by the contract's id column", async () => {
    const a = await writeSingle(join(root, "a"), ROWS);
    const writer = await createSnapshotWriter({
      dir: join(root, "b"),
      model,
      dataHash,
      clock,
      contract: CLUB,
    });
    const batch = clubBatch(members.customers, members.status, 0, ROWS, (i) => i !== 3);
    await writer.append({ ...batch, probability: batch.probability.map((p) => p / 2) });
    const b = await writer.finish();
    const now = await loadSnapshot(join(root, "b", b.id));
    const before = await loadSnapshot(join(root, "a", a.id));
    const diff = now.compare(before, { limit: 3 });
    expect(diff.customers).toEqual({
      previous: ROWS,
      current: ROWS - 1,
      common: ROWS - 1,
      added: 0,
      removed: 1,
    });
    expect(diff.biggestMovers).toHaveLength(3);
    expect(diff.biggestMovers[0].customerID).toMatch(/^m-17-/);
  });

  it("gives the same bytes for the same input, however it is appended", async () => {
    const a = await writeSingle(join(root, "a"), 600, 100);
    const b = await writeSingle(join(root, "b"), 37, 100);
    expect(b).toEqual(a);
    const [x, y] = await Promise.all(["a", "b"].map((d) => readFile(join(root, d, a.id, "customers.arrow"))));
    expect(x.equals(y)).toBe(true);
  });

  it("is the very snapshot one process writes when merged from 1, 3 or 7 shard parts", async () => {
    let case_ = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(1, 3, 7),
        fc.integer({ min: 1, max: 250 }),
        fc.integer({ min: 1, max: 200 }),
        async (n, appendRows, batchRows) => {
          const base = join(root, `case-${case_++}`);
          const single = await writeSingle(join(base, "single"), appendRows, batchRows);
          await writeParts(join(base, "parts"), n, appendRows);
          const parts = JSON.parse(await readFile(join(base, "parts", `part-0-of-${n}.json`), "utf8"));
          expect(parts).toMatchObject({ contract: single.contract, columns: single.columns });
          const committed = await commitSnapshot({
            partsDir: join(base, "parts"),
            snapshotsDir: join(base, "committed"),
            clock,
            batchRows,
          });
          expect(committed).toEqual(single);
          const [x, y] = await Promise.all(
            ["single", "committed"].map((d) => readFile(join(base, d, single.id, "customers.arrow"))),
          );
          expect(x.equals(y)).toBe(true);
          await rm(base, { recursive: true, force: true });
        },
      ),
      { numRuns: 6, seed: 20261206 },
    );
  });

  it("is not committed from parts that disagree on the customer columns", async () => {
    const partsDir = join(root, "parts");
    const legacy = await createPartWriter({ partsDir, shard: 0, of: 2, model, dataHash });
    await legacy.finish();
    const club = await createPartWriter({ partsDir, shard: 1, of: 2, model, dataHash, contract: CLUB });
    await club.finish();
    await expect(commitSnapshot({ partsDir, snapshotsDir: join(root, "snapshots"), clock })).rejects.toThrow(
      'parts disagree on contract: part-0-of-2 has null, part-1-of-2 has "fitness-club"',
    );
    expect(await readdir(root)).toEqual(["parts"]);
  });

  it("is published atomically, and a refused value leaves nothing behind", async () => {
    const store = openSnapshotStore(root);
    const writer = await createSnapshotWriter({
      dir: root,
      model,
      dataHash,
      clock,
      contract: CLUB,
      batchRows: 50,
    });
    for (let at = 0; at < ROWS; at += 100) {
      await writer.append(clubBatch(members.customers, members.status, at, at + 100));
      expect(await store.list()).toEqual([]);
    }
    const manifest = await writer.finish();
    expect((await store.list()).map((m) => m.id)).toEqual([manifest.id]);
    expect((await store.latest())?.size).toBe(ROWS);

    const other = join(root, "other");
    const bad = clubBatch(members.customers, members.status, 0, 3);
    const attempts: [ScoredBatch<ContractRow>, string][] = [
      [
        { ...bad, customers: bad.customers.map((c, i) => (i === 1 ? { ...c, plan: null } : c)) },
        "missing plan",
      ],
      [
        { ...bad, customers: bad.customers.map((c, i) => (i === 1 ? { ...c, region: "space" } : c)) },
        'invalid region: "space"',
      ],
      [
        { ...bad, customers: bad.customers.map((c, i) => (i === 1 ? { ...c, visits_90d: 2.5 } : c)) },
        "invalid visits_90d: 2.5",
      ],
      [
        { ...bad, customers: bad.customers.map((c, i) => (i === 1 ? { ...c, coach: 7 } : c)) },
        "invalid coach: 7",
      ],
      [{ ...bad, status: ["current", "gone" as CustomerStatus, "current"] }, 'invalid status: "gone"'],
    ];
    for (const [batch, message] of attempts) {
      const w = await createSnapshotWriter({ dir: other, model, dataHash, clock, contract: CLUB });
      await expect(w.append(batch).then(() => w.finish())).rejects.toThrow(message);
      await w.abort();
    }
    expect(await readdir(other)).toEqual([]);
  });
});

describe("a contract with awkward column names", () => {
  it("round-trips every name, however it is spelled, and refuses __proto__", async () => {
    const names = [
      'say "hi"',
      "back\\slash",
      '"]; throw new Error("x"); //',
      "constructor",
      "0",
      "naïve ✓",
      "a\u2028b",
    ];
    const contract = parseDatasetContract(
      {
        contract: 1,
        name: "awkward",
        id: { column: "toString" },
        features: names.map((column, i) =>
          i % 2 ? { column, type: "integer" } : { column, type: "category", values: ["x", "y"] },
        ),
      },
      "awkward (inline)",
    );
    const customers: ContractRow[] = Array.from({ length: 20 }, (_, r) => ({
      toString: `id-${r}`,
      ...Object.fromEntries(names.map((n, i) => [n, r % 3 === 0 ? null : i % 2 ? r * i : r % 2 ? "x" : "y"])),
    }));
    const status: CustomerStatus[] = customers.map(() => "current");
    // The id column is named toString, which TypeScript reads as Object's method.
    const idOf = (c: ContractRow) => c["toString"] as unknown as string;
    const batch = (keep: (i: number) => boolean): ScoredBatch<ContractRow> => {
      const rows = customers.flatMap((_, i) => (keep(i) ? [i] : []));
      return {
        customers: rows.map((i) => customers[i]),
        status: rows.map((i) => status[i]),
        inputRow: Int32Array.from(rows),
        probability: Float64Array.from(rows, (i) => i / 20),
        margin: Float64Array.from(rows, (i) => i - 10),
        band: rows.map((i) => bandOf(i / 20)),
        sources: [],
        contributions: new Float32Array(0),
        drivers: rows.map(() => []),
      };
    };
    const single = await createSnapshotWriter({
      dir: join(root, "single"),
      model,
      dataHash,
      clock,
      contract,
    });
    await single.append(batch(() => true));
    const manifest = await single.finish();
    const snapshot = await loadSnapshot<ContractRow>(join(root, "single", manifest.id));
    for (const c of customers) expect(snapshot.lookup(idOf(c))?.customer).toEqual(c);
    for (let shard = 0; shard < 3; shard++) {
      const part = await createPartWriter({
        partsDir: join(root, "parts"),
        shard,
        of: 3,
        model,
        dataHash,
        contract,
      });
      await part.append(batch((i) => shardOf(idOf(customers[i]), 3) === shard));
      await part.finish();
    }
    const committed = await commitSnapshot({
      partsDir: join(root, "parts"),
      snapshotsDir: join(root, "committed"),
      clock,
    });
    expect(committed).toEqual(manifest);
    const [x, y] = await Promise.all(
      ["single", "committed"].map((d) => readFile(join(root, d, manifest.id, "customers.arrow"))),
    );
    expect(x.equals(y)).toBe(true);

    const proto = { ...contract, owner: { column: "__proto__" } };
    expect(() => snapshotColumnsFromContract(proto)).toThrow('"__proto__" cannot name a column');
  });
});

describe("a legacy (Telco) snapshot", () => {
  it("carries each customer's status, derived from Churn when the batch came from Churn", async () => {
    const rows = Array.from({ length: 60 }, (_, i) => syntheticRow(i, 5));
    const writer = await createSnapshotWriter({ dir: root, model, dataHash, clock });
    await writer.append(toBatch(rows));
    const manifest = await writer.finish();
    expect(manifest).toMatchObject({ schemaVersion: 2, contract: null });
    const snapshot = await loadSnapshot(join(root, manifest.id));
    const expected = rows.map((r) =>
      r.customer.Churn === "Yes" ? "churned" : r.customer.Churn === "No" ? "retained" : "current",
    );
    expect(new Set(expected)).toEqual(new Set(["current", "churned", "retained"]));
    expect(snapshot.table.array("status")).toEqual(expected);
    rows.forEach((r, i) => expect(snapshot.lookup(r.customer.customerID)?.status).toBe(expected[i]));
    const back: CustomerStatus[] = [];
    for await (const b of readScoredBatches(join(root, manifest.id, "customers.arrow")))
      back.push(...b.status);
    expect(back).toEqual(expected);
  });
});
