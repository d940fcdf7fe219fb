import { describe, expect, it } from "vitest";
import { planSegmentation, planSegments } from "../../src/charts/plan-segmentation.ts";
import { createSvgRenderer } from "../../src/charts/render-svg.ts";
import type { SegmentRisk } from "../../src/snapshot/segment-risk.ts";
import { PLANS } from "./chart-fixtures.ts";
import { expectGoldenSvg } from "./golden.ts";

describe("planSegmentation", () => {
  it("matches its golden SVG", async () => {
    await expectGoldenSvg("plan-segmentation", createSvgRenderer().render(planSegmentation(PLANS)));
  });

  it("reads a snapshot's segments of planTier in their natural order, empty ones included", () => {
    const names = ["Free", "Standard", "Premium"];
    const raw = names.map((n) => (n.endsWith(" engagement") ? n.replace(" engagement", "") : n));
    // Alphabetical, as segmentRisk returns them, with the second category missing.
    const risks: SegmentRisk[] = [raw[0], raw[2]].sort().map((segment, i) => ({
      segment,
      customers: 10 + i,
      meanProbability: 0.5,
      revenueAtRisk: 1,
      highRisk: i,
    }));
    const columns: string[] = [];
    const out = planSegments({
      segments: (column) => {
        columns.push(column);
        return risks;
      },
    });
    expect(columns).toEqual(["planTier"]);
    expect(out.map((s) => s.segment)).toEqual(names);
    expect(out[1]).toMatchObject({ customers: 0, highRisk: 0 });
    expect(out[1].meanProbability).toBeNaN();
  });
});
