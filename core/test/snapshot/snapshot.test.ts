import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSnapshot, type Snapshot } from "../../src/snapshot/index.ts";
import { customer } from "../fixtures/customer.ts";
import { CURRENT, handSnapshot } from "./hand-snapshots.ts";

let dir: string;
let snapshot: Snapshot;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "snapshot-"));
  snapshot = await handSnapshot(dir, CURRENT, "2026-11-21T10:00:00Z");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadSnapshot", () => {
  it("looks a customer up by ID, with profile, scores, contributions and drivers", () => {
    const { Churn: _omitted, ...withoutChurn } = customer({ customerID: "B", MonthlyCharges: 50 });
    expect(snapshot.lookup("B")).toEqual({
      customer: withoutChurn,
      status: "current",
      inputRow: 1,
      probability: 0.4,
      margin: Math.log(0.4 / 0.6),
      band: "Medium",
      contributions: { Contract: 0.25, tenure: 0.25 },
      drivers: [{ source: "Contract", label: "Contract = Month-to-month", value: 0.25 }],
    });
    expect(snapshot.lookup("G")?.customer.Churn).toBe("Yes");
    expect(snapshot.lookup("G")?.status).toBe("churned");
    expect(snapshot.lookup("C")?.status).toBe("retained");
    expect(snapshot.lookup("nobody")).toBeUndefined();
    expect(snapshot.size).toBe(6);
  });

  it("is immutable: lookups return fresh objects, the snapshot and its manifest are frozen", () => {
    const a = snapshot.lookup("A")!;
    a.probability = 0;
    a.drivers.push({ source: "x", label: "x", value: 1 });
    a.customer.tenure = 99;
    expect(snapshot.lookup("A")).toMatchObject({ probability: 0.8, customer: { tenure: 1 } });
    expect(snapshot.lookup("A")!.drivers).toHaveLength(1);
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(Object.isFrozen(snapshot.manifest.bands)).toBe(true);
    expect(() => {
      (snapshot as { size: number }).size = 1;
    }).toThrow();
  });

  it("exposes an Arquero table over every column", () => {
    expect(snapshot.table.numRows()).toBe(6);
    expect(snapshot.table.columnNames()).toContain("shap_tenure");
    expect(snapshot.table.columnNames().slice(30, 34)).toEqual([
      "true_churn_probability",
      "status",
      "inputRow",
      "probability",
    ]);
    expect(snapshot.table.filter("d => d.band === 'High'").array("customerID")).toEqual(["A", "E", "G"]);
  });

  it("summarises the customers to act on (A and G churned: history) and ranks sources by mean |SHAP|", () => {
    // B 50 × 0.4 + C 80 × 0.1 + D 20 × 0.05 + E 60 × 0.7 = 20 + 8 + 1 + 42 = 71.
    expect(snapshot.summary()).toEqual({
      customers: 4,
      bands: { Low: 2, Medium: 1, High: 1 },
      revenueAtRisk: expect.closeTo(71, 9),
      currency: "USD",
      churned: 2,
    });
    expect(snapshot.actionable.array("customerID")).toEqual(["B", "C", "D", "E"]);
    // The manifest's bands are the same figure, counted as the snapshot was written.
    expect(snapshot.manifest.bands).toEqual(snapshot.summary().bands);
    expect(snapshot.manifest.rows).toBe(6);
    expect(snapshot.dataset.name).toBe("legacy");
    expect(snapshot.dataset.simulated).toBeUndefined();
    expect(snapshot.dataset.simulate?.columns).toContain("persona");
    // Contract: (.5 + .25 + 1 + .5 + .75 + .5)/6 = 3.5/6; tenure: (.25 + .25 + .5 + 0 + .5 + .5)/6 = 2/6.
    const importance = snapshot.importance();
    expect(importance.map((i) => i.source)).toEqual(["Contract", "tenure"]);
    expect(importance[0].meanAbsShap).toBeCloseTo(3.5 / 6, 12);
    expect(importance[1].meanAbsShap).toBeCloseTo(2 / 6, 12);
  });

  it("refuses a snapshot whose file does not match its manifest", async () => {
    const copy = join(dir, "tampered");
    const source = join(dir, snapshot.manifest.id);
    const { mkdir } = await import("node:fs/promises");
    await mkdir(copy);
    const bytes = await readFile(join(source, "customers.arrow"));
    await writeFile(join(copy, "manifest.json"), await readFile(join(source, "manifest.json")));
    await writeFile(join(copy, "customers.arrow"), bytes.subarray(0, bytes.length - 8));
    await expect(loadSnapshot(copy)).rejects.toThrow(/snapshot file has \d+ bytes, manifest says \d+/);
    bytes[bytes.length - 16] ^= 0xff;
    await writeFile(join(copy, "customers.arrow"), bytes);
    await expect(loadSnapshot(copy, { verify: true })).rejects.toThrow(
      "snapshot file does not match its manifest sha256",
    );
  });
});

describe("topToAct", () => {
  it("ranks customers to act on by revenue at risk, then probability, then id; never the churned", () => {
    // B 50 × .4 = 20, C 80 × .1 = 8, D 20 × .05 = 1, E 60 × .7 = 42; A and G churned.
    expect(snapshot.topToAct(10)).toEqual(["E", "B", "C", "D"]);
    expect(snapshot.topToAct(2)).toEqual(["E", "B"]);
    expect(snapshot.topToAct(0)).toEqual([]);
  });
});
