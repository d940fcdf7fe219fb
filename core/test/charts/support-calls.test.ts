import { table } from "arquero";
import { describe, expect, it } from "vitest";
import { supportCalls, supportCallSegments, SUPPORT_CALL_BINS } from "../../src/charts/support-calls.ts";
import { createSvgRenderer } from "../../src/charts/render-svg.ts";
import { SUPPORT_CALLS } from "./chart-fixtures.ts";
import { expectGoldenSvg } from "./golden.ts";

describe("supportCalls", () => {
  it("matches its golden SVG", async () => {
    await expectGoldenSvg("support-calls", createSvgRenderer().render(supportCalls(SUPPORT_CALLS)));
  });

  it("buckets a snapshot's supportCalls90d at the bucket edges", () => {
    const values = [0, 1, 2, 3, 4, 5, 9, 10, 0];
    const t = table({
      supportCalls90d: values,
      probability: values.map(() => 0.5),
      band: values.map(() => "Medium"),
    });
    const out = supportCallSegments({ actionable: t });
    expect(out.map((s) => [s.segment, s.customers])).toEqual([
      ["No calls", 2],
      ["1 call", 1],
      ["2 calls", 1],
      ["3–4 calls", 2],
      ["5–9 calls", 2],
      ["10 or more", 1],
    ]);
    expect(out.map((s) => s.segment)).toEqual(SUPPORT_CALL_BINS.map((b) => b.label));
  });
});
