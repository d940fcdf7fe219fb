import { table } from "arquero";
import { describe, expect, it } from "vitest";
import { usageFrequency, usageFrequencySegments, USAGE_BINS } from "../../src/charts/usage-frequency.ts";
import { createSvgRenderer } from "../../src/charts/render-svg.ts";
import { USAGE } from "./chart-fixtures.ts";
import { expectGoldenSvg } from "./golden.ts";

describe("usageFrequency", () => {
  it("matches its golden SVG", async () => {
    await expectGoldenSvg("usage-frequency", createSvgRenderer().render(usageFrequency(USAGE)));
  });

  it("buckets a snapshot's sessionsPerMonth at the bucket edges", () => {
    const values = [0, 0, 3, 4, 5, 19, 20, 80, 200];
    const t = table({
      sessionsPerMonth: values,
      probability: values.map(() => 0.5),
      band: values.map(() => "Medium"),
    });
    const out = usageFrequencySegments({ actionable: t });
    expect(out.map((s) => [s.segment, s.customers])).toEqual([
      ["None", 2],
      ["1–4", 2],
      ["5–9", 1],
      ["10–19", 1],
      ["20–39", 1],
      ["40–79", 0],
      ["80 or more", 2],
    ]);
    expect(out.map((s) => s.segment)).toEqual(USAGE_BINS.map((b) => b.label));
  });
});
