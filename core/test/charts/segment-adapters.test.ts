// orderedSegments and segmentBins: the adapters behind the six segment charts.
import { table } from "arquero";
import { describe, expect, it } from "vitest";
import { orderedSegments } from "../../src/charts/ordered-segments.ts";
import { segmentBins } from "../../src/charts/segment-bins.ts";

describe("orderedSegments", () => {
  it("puts categories in their natural order and keeps unexpected values and nulls at the end", () => {
    const risk = (segment: string | null, customers: number) => ({
      segment,
      customers,
      meanProbability: 0.1,
      revenueAtRisk: 0,
      highRisk: 0,
    });
    const out = orderedSegments(
      [risk("Premium", 3), risk("Free", 1), risk(null, 2), risk("Trial", 4)],
      ["Free", "Standard", "Premium"],
    );
    expect(out.map((s) => [s.segment, s.customers])).toEqual([
      ["Free", 1],
      ["Standard", 0],
      ["Premium", 3],
      ["Unknown", 2],
      ["Trial", 4],
    ]);
  });
});

describe("segmentBins", () => {
  const bins = [
    { label: "none", from: 0 },
    { label: "some", from: 1 },
    { label: "many", from: 10 },
  ];

  it("averages probability and counts the High band per bucket, missing values last", () => {
    const t = table({
      calls: [0, 0, 1, 9, 10, null, -1],
      probability: [0.1, 0.3, 0.7, 0.5, 0.9, 0.2, 0.4],
      band: ["Low", "Medium", "High", "Medium", "High", "Low", "Medium"],
    });
    const out = segmentBins(t, "calls", bins);
    expect(out.map((s) => [s.segment, s.customers, s.highRisk])).toEqual([
      ["none", 2, 0],
      ["some", 2, 1],
      ["many", 1, 1],
      ["Unknown", 2, 0],
    ]);
    expect(out[0].meanProbability).toBeCloseTo(0.2, 12);
    expect(out[3].meanProbability).toBeCloseTo(0.3, 12);
  });

  it("returns empty buckets too, and checks its arguments", () => {
    const t = table({ calls: [0], probability: [0.1], band: ["Low"] });
    expect(segmentBins(t, "calls", bins).map((s) => s.customers)).toEqual([1, 0, 0]);
    expect(() => segmentBins(t, "nope", bins)).toThrow('unknown column: "nope"');
    expect(() => segmentBins(t, "calls", [bins[1], bins[0]])).toThrow(
      'bins of calls not ascending at "none"',
    );
  });
});
