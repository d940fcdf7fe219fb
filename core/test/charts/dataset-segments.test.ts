// Segments of any data set from its contract (the accounts table, not Telco): labels as titles and
// axis titles, the contract's category order and boolean words, numbers in round buckets, every
// customer to act on counted once, revenue at risk as the snapshot's segments sum it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { autoBins, datasetSegments, segmentChartFromSnapshot } from "../../src/charts/index.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../fixtures/accounts-workspace.ts";

let ws: AccountsWorkspace;
beforeAll(async () => {
  ws = await accountsWorkspace();
}, 60_000);
afterAll(async () => {
  await ws?.model.release();
  await ws?.close();
});

const customers = (bars: { customers: number }[]) => bars.reduce((s, b) => s + b.customers, 0);

describe("datasetSegments", () => {
  it("a category in the contract's order, over customers to act on, with revenue at risk", () => {
    const s = datasetSegments(ws.snapshot, "state");
    expect(s.wording).toEqual({
      name: "segment-state",
      title: "Churn risk by state",
      segmentHeader: "State",
    });
    expect(s.bars.map((b) => b.segment)).toEqual(["CA", "FL", "MN", "NJ", "NY", "OH", "TX", "WA"]);
    expect(customers(s.bars)).toBe(ws.snapshot.summary().customers);
    expect(s.revenueAtRisk!.reduce((a, b) => a + b, 0)).toBeCloseTo(ws.snapshot.summary().revenueAtRisk!, 6);
    expect(s.simulated).toBe(false);
  });

  it("a boolean in the contract's words", () => {
    const s = datasetSegments(ws.snapshot, "international_plan");
    expect(s.bars.map((b) => b.segment)).toEqual(["No", "Yes"]);
    expect(s.label).toBe("International plan");
    const yes = ws.snapshot.segments("international_plan").find((r) => r.segment === 1)!;
    expect(s.bars[1].customers).toBe(yes.customers);
  });

  it("a number in round buckets holding every customer to act on, each with its revenue at risk", () => {
    const s = datasetSegments(ws.snapshot, "total_day_minutes");
    expect(s.wording.title).toBe("Churn risk by day minutes (minutes)");
    expect(s.bars.length).toBeGreaterThan(2);
    expect(s.bars.length).toBeLessThanOrEqual(6);
    expect(s.bars.at(-1)!.segment).toMatch(/ or more$/);
    expect(customers(s.bars)).toBe(ws.snapshot.summary().customers);
    expect(s.revenueAtRisk!.reduce((a, b) => a + b, 0)).toBeCloseTo(ws.snapshot.summary().revenueAtRisk!, 6);
  });

  it("band and status (status keeps history)", () => {
    expect(datasetSegments(ws.snapshot, "band").bars.map((b) => b.segment)).toEqual([
      "Low",
      "Medium",
      "High",
    ]);
    const status = datasetSegments(ws.snapshot, "status");
    expect(status.bars.map((b) => b.segment)).toEqual(["current", "churned", "retained"]);
    expect(customers(status.bars)).toBe(ws.snapshot.size);
  });

  it("the catalogue draws it as a chart with the label as axis title", () => {
    const spec = segmentChartFromSnapshot(ws.snapshot, "international_plan");
    expect(spec.title).toBe("Churn risk by international plan");
    expect(spec.table.columns[0]).toBe("International plan");
    expect(spec.alt).not.toMatch(/contract|persona|plan tier/i);
  });
});

describe("autoBins", () => {
  it("one bucket per value for a whole-number column with few values", () => {
    expect(autoBins([3, 0, 1, 1, 9, null, NaN], { integer: true })).toEqual([
      { label: "0", from: 0 },
      { label: "1", from: 1 },
      { label: "3", from: 3 },
      { label: "9", from: 9 },
    ]);
  });

  it("round, ascending buckets for the rest; the last is open-ended", () => {
    const bins = autoBins([12.5, 80, 143, 299.9], {});
    expect(bins.map((b) => b.label)).toEqual([
      "0–50",
      "50–100",
      "100–150",
      "150–200",
      "200–250",
      "250 or more",
    ]);
    const whole = autoBins(
      Array.from({ length: 200 }, (_, i) => i),
      { integer: true },
    );
    expect(whole.map((b) => b.label)).toEqual(["0–49", "50–99", "100–149", "150 or more"]);
    for (const b of [bins, whole])
      for (let i = 1; i < b.length; i++) expect(b[i].from).toBeGreaterThan(b[i - 1].from);
  });

  it("a column with no value or one value still gets a bucket", () => {
    expect(autoBins([null, undefined])).toEqual([{ label: "All", from: 0 }]);
    expect(autoBins([4.5, 4.5])).toEqual([{ label: "4.5", from: 4.5 }]);
  });
});
