import { describe, expect, it } from "vitest";
import { contractSegmentation, contractSegments } from "../../src/charts/contract-segmentation.ts";
import { createSvgRenderer } from "../../src/charts/render-svg.ts";
import type { SegmentRisk } from "../../src/snapshot/segment-risk.ts";
import { CONTRACTS } from "./chart-fixtures.ts";
import { expectGoldenSvg } from "./golden.ts";

describe("contractSegmentation", () => {
  it("matches its golden SVG", async () => {
    await expectGoldenSvg(
      "contract-segmentation",
      createSvgRenderer().render(contractSegmentation(CONTRACTS)),
    );
  });

  it("reads a snapshot's segments of Contract in their natural order, empty ones included", () => {
    const names = ["Month-to-month", "One year", "Two year"];
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
    const out = contractSegments({
      segments: (column) => {
        columns.push(column);
        return risks;
      },
    });
    expect(columns).toEqual(["Contract"]);
    expect(out.map((s) => s.segment)).toEqual(names);
    expect(out[1]).toMatchObject({ customers: 0, highRisk: 0 });
    expect(out[1].meanProbability).toBeNaN();
  });
});
