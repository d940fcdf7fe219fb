import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segmentRisk, type Snapshot } from "../../src/snapshot/index.ts";
import { CURRENT, handSnapshot } from "./hand-snapshots.ts";

let dir: string;
let snapshot: Snapshot;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "segment-risk-"));
  snapshot = await handSnapshot(dir, CURRENT, "2026-11-21T10:00:00Z");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("segmentRisk", () => {
  it("counts, averages and sums revenue at risk per contract, as worked out by hand", () => {
    // Over every row (segmentRisk on the table): Month-to-month: A, B, E, G → p = .8, .4, .7, .9 →
    //   mean 2.8/4 = .7; revenue at risk 100·.8 + 50·.4 + 60·.7 + 40·.9 = 80 + 20 + 42 + 36 = 178.
    const all = segmentRisk(snapshot.table, "Contract");
    expect(all.map((r) => [r.customers, r.highRisk])).toEqual([
      [4, 3],
      [1, 0],
      [1, 0],
    ]);
    expect(all[0].meanProbability).toBeCloseTo(0.7, 12);
    expect(all[0].revenueAtRisk).toBeCloseTo(178, 10);
    // A snapshot's segments are of customers to act on: A and G churned (history).
    // Month-to-month: B, E → mean (.4 + .7)/2 = .55; 20 + 42 = 62; High: E.
    // One year: C → .1, 80·.1 = 8.  Two year: D → .05, 20·.05 = 1.
    const rows = snapshot.segments("Contract");
    expect(rows.map((r) => r.segment)).toEqual(["Month-to-month", "One year", "Two year"]);
    expect(rows.map((r) => [r.customers, r.highRisk])).toEqual([
      [2, 1],
      [1, 0],
      [1, 0],
    ]);
    expect(rows[0].meanProbability).toBeCloseTo(0.55, 12);
    expect(rows[0].revenueAtRisk).toBeCloseTo(62, 10);
    expect(rows[1].meanProbability).toBeCloseTo(0.1, 12);
    expect(rows[1].revenueAtRisk).toBeCloseTo(8, 10);
    expect(rows[2].meanProbability).toBeCloseTo(0.05, 12);
    expect(rows[2].revenueAtRisk).toBeCloseTo(1, 10);
  });

  it("groups customers without a value (Churn unknown) under null", () => {
    // Yes: A, G (100·.8 + 40·.9 = 116); No: C, D (8 + 1 = 9); unknown: B, E (20 + 42 = 62).
    const byValue = new Map(segmentRisk(snapshot.table, "Churn").map((r) => [r.segment, r]));
    expect([...byValue.keys()].sort()).toEqual(["No", "Yes", null].sort());
    expect(byValue.get("Yes")).toMatchObject({ customers: 2, highRisk: 2 });
    expect(byValue.get("Yes")!.revenueAtRisk).toBeCloseTo(116, 10);
    expect(byValue.get("No")).toMatchObject({ customers: 2, highRisk: 0 });
    expect(byValue.get("No")!.revenueAtRisk).toBeCloseTo(9, 10);
    expect(byValue.get(null)).toMatchObject({ customers: 2, highRisk: 1 });
    expect(byValue.get(null)!.meanProbability).toBeCloseTo(0.55, 12);
  });

  it("segments by band and by numeric columns too", () => {
    expect(snapshot.segments("band").map((r) => [r.segment, r.customers])).toEqual([
      ["High", 1],
      ["Low", 2],
      ["Medium", 1],
    ]);
    // Every hand customer has the fixture's tenure of 1; A and G (churned) are history.
    expect(snapshot.segments("tenure")).toMatchObject([{ segment: 1, customers: 4, highRisk: 1 }]);
    // Segmenting by status asks for history on purpose: every row.
    expect(snapshot.segments("status").map((r) => [r.segment, r.customers])).toEqual([
      ["churned", 2],
      ["current", 2],
      ["retained", 2],
    ]);
  });

  it("refuses a column that is not a segment", () => {
    expect(() => snapshot.segments("customerID")).toThrow('unknown segment column: "customerID"');
    expect(() => snapshot.segments("shap_Contract")).toThrow('unknown segment column: "shap_Contract"');
  });
});
