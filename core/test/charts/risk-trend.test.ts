import { describe, expect, it } from "vitest";
import { createSvgRenderer } from "../../src/charts/render-svg.ts";
import { riskTrend } from "../../src/charts/risk-trend.ts";
import { TREND } from "./chart-fixtures.ts";
import { expectGoldenSvg } from "./golden.ts";

describe("riskTrend", () => {
  it("matches its golden SVG", async () => {
    await expectGoldenSvg("risk-trend", createSvgRenderer().render(riskTrend(TREND)));
  });

  it("orders snapshots by time and reports band shares", () => {
    const spec = riskTrend(TREND);
    expect(spec.table.rows.map((r) => r[0])).toEqual([
      "2026-10-24 06:00",
      "2026-10-31 06:00",
      "2026-11-07 06:00",
      "2026-11-14 06:00",
      "2026-11-21 06:00",
    ]);
    expect(spec.table.rows[4]).toEqual([
      "2026-11-21 06:00",
      "5,000",
      "710 (14%)",
      "1,290 (26%)",
      "3,000 (60%)",
    ]);
    // 550 / 5,000 = 11% → 710 / 5,000 = 14%.
    expect(spec.alt).toContain("High-risk share 11% → 14% over 5 snapshots (2026-10-24 to 2026-11-21).");
  });

  it("says so when all snapshots are from one day", () => {
    const sameDay = [TREND[0], { ...TREND[4], createdAt: "2026-11-14T18:30:00Z" }];
    expect(riskTrend(sameDay).alt).toContain("over 2 snapshots (on 2026-11-14).");
    expect(riskTrend(sameDay).table.rows.map((r) => r[0])).toEqual(["2026-11-14 06:00", "2026-11-14 18:30"]);
  });

  it("draws one snapshot, and none", () => {
    expect(riskTrend([TREND[0]]).alt).toContain(
      "One snapshot so far (2026-11-14): 13% of 5,000 customers at high risk.",
    );
    expect(riskTrend([]).alt).toBe("Churn risk over time: no snapshots yet.");
  });

  it("rejects a time it cannot read", () => {
    expect(() => riskTrend([{ ...TREND[0], createdAt: "last week" }])).toThrow(
      'invalid snapshot time: "last week"',
    );
  });
});
