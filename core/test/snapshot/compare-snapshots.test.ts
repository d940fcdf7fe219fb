import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "../../src/snapshot/index.ts";
import { CURRENT, PREVIOUS, handSnapshot } from "./hand-snapshots.ts";

let dir: string;
let now: Snapshot;
let before: Snapshot;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "compare-snapshots-"));
  before = await handSnapshot(dir, PREVIOUS, "2026-11-20T10:00:00Z");
  now = await handSnapshot(dir, CURRENT, "2026-11-21T10:00:00Z");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("compare", () => {
  it("counts common, added and removed customers, and band transitions of the common ones", () => {
    const diff = now.compare(before);
    expect(diff.previousId).toBe(before.manifest.id);
    expect(diff.currentId).toBe(now.manifest.id);
    // Common: A, B, C, E. Added: D, G. Removed: F.
    expect(diff.customers).toEqual({ previous: 5, current: 6, common: 4, added: 2, removed: 1 });
    // A Medium→High, B Medium→Medium, C Medium→Low, E High→High.
    const moved = diff.transitions.filter((t) => t.customers > 0);
    expect(moved).toEqual([
      { from: "Medium", to: "Low", customers: 1 },
      { from: "Medium", to: "Medium", customers: 1 },
      { from: "Medium", to: "High", customers: 1 },
      { from: "High", to: "High", customers: 1 },
    ]);
    expect(diff.transitions).toHaveLength(9);
  });

  it("summarises probability deltas of the common customers", () => {
    // A +.3, B 0, C −.2, E −.2 → mean −.1/4 = −.025.
    const { probability } = now.compare(before);
    expect(probability.meanDelta).toBeCloseTo(-0.025, 12);
    expect(probability).toMatchObject({ increased: 1, decreased: 2, unchanged: 1 });
  });

  it("lists new high-risk customers, including ones that were not scored before", () => {
    // High now: A (was Medium), E (was High: not new), G (absent before).
    const diff = now.compare(before);
    expect(diff.newHighRiskCount).toBe(2);
    expect(diff.newHighRisk).toEqual([
      { customerID: "G", probability: 0.9, previousProbability: null, previousBand: null },
      { customerID: "A", probability: 0.8, previousProbability: 0.5, previousBand: "Medium" },
    ]);
    expect(now.compare(before, { limit: 1 }).newHighRisk.map((r) => r.customerID)).toEqual(["G"]);
    expect(now.compare(before, { limit: 1 }).newHighRiskCount).toBe(2);
  });

  it("ranks the biggest movers by the size of their change", () => {
    // |Δ|: A .3; E |.7 − .9| = .2000…07 (float) > C |.1 − .3| = .1999…98; B 0.
    const movers = now.compare(before).biggestMovers;
    expect(movers.map((m) => m.customerID)).toEqual(["A", "E", "C", "B"]);
    expect(movers[0]).toEqual({
      customerID: "A",
      previousProbability: 0.5,
      probability: 0.8,
      delta: 0.8 - 0.5,
      previousBand: "Medium",
      band: "High",
    });
    expect(now.compare(before, { limit: 2 }).biggestMovers).toHaveLength(2);
  });

  it("compares a snapshot with itself as no change at all", () => {
    const same = now.compare(now);
    expect(same.customers).toEqual({ previous: 6, current: 6, common: 6, added: 0, removed: 0 });
    expect(same.probability).toEqual({ meanDelta: 0, increased: 0, decreased: 0, unchanged: 6 });
    expect(same.newHighRiskCount).toBe(0);
    expect(same.transitions.filter((t) => t.from !== t.to).every((t) => t.customers === 0)).toBe(true);
  });
});
