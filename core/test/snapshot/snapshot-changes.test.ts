// snapshotChanges on small hand-made tables: every list and count by its definition (customers
// to act on only; churned customers are history), whatever the id column is called.
import { table } from "arquero";
import { describe, expect, it } from "vitest";
import { riskSummary, snapshotChanges } from "../../src/snapshot/index.ts";

const revenue = { column: "fee", currency: "EUR" };
const before = table({
  acct: ["a", "b", "c", "d", "e", "gone"],
  probability: [0.2, 0.8, 0.5, 0.3, 0.9, 0.4],
  band: ["Low", "High", "Medium", "Low", "High", "Medium"],
  status: ["current", "current", "current", "current", "churned", "current"],
  fee: [10, 20, 30, 40, 50, 60],
});
const now = table({
  acct: ["a", "b", "c", "d", "e", "new"],
  probability: [0.75, 0.4, 0.5, 0.35, 0.95, 0.85],
  band: ["High", "Medium", "Medium", "Low", "High", "High"],
  status: ["current", "current", "current", "churned", "churned", "current"],
  fee: [10, 20, 30, 40, 50, 70],
});

describe("snapshotChanges", () => {
  const changes = snapshotChanges(
    { table: now, idColumn: "acct", revenue },
    { table: before, idColumn: "acct", revenue },
    { limit: 10 },
  );
  it("lists new High (a new customer too), left High, churned since and movers among customers to act on", () => {
    expect(changes.newHigh.customers.map((c) => c.customerID)).toEqual(["new", "a"]);
    expect(changes.newHigh.customers[0]).toMatchObject({ previousProbability: null, previousBand: null });
    // e was High but already churned before: history, in no list.
    expect(changes.leftHigh.customers.map((c) => c.customerID)).toEqual(["b"]);
    expect(changes.churned.customers.map((c) => [c.customerID, c.status])).toEqual([["d", "churned"]]);
    expect(changes.movers.customers.map((c) => c.customerID)).toEqual(["a", "b"]);
    expect(changes.customers).toEqual({ previous: 6, current: 6, added: 1, removed: 1 });
  });
  it("carries riskSummary of each side, so the revenue-at-risk change is one definition's difference", () => {
    expect(changes.previous).toEqual(riskSummary(before, revenue));
    expect(changes.current).toEqual(riskSummary(now, revenue));
    expect(changes.current.revenueAtRisk! - changes.previous.revenueAtRisk!).toBeCloseTo(
      10 * 0.75 + 20 * 0.4 + 30 * 0.5 + 70 * 0.85 - (10 * 0.2 + 20 * 0.8 + 30 * 0.5 + 40 * 0.3 + 60 * 0.4),
      9,
    );
  });
  it("caps each list at the limit and keeps the full count", () => {
    const one = snapshotChanges(
      { table: now, idColumn: "acct", revenue },
      { table: before, idColumn: "acct", revenue },
      { limit: 1 },
    );
    expect([one.newHigh.count, one.newHigh.customers.length]).toEqual([2, 1]);
  });
});
