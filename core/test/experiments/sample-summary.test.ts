import { describe, expect, it } from "vitest";
import { sampleSummary } from "../../src/experiments/sample-summary.ts";

describe("sampleSummary", () => {
  it("gives size, mean and the n − 1 variance", () => {
    expect(sampleSummary([1, 2, 3, 4])).toEqual({ n: 4, mean: 2.5, variance: 5 / 3 });
  });

  it("keeps precision far from zero", () => {
    const s = sampleSummary(Float64Array.from([1e9 + 1, 1e9 + 2, 1e9 + 3]));
    expect(s.variance).toBe(1);
  });

  it("has no variance below two values", () => {
    expect(sampleSummary([5]).variance).toBeNaN();
    expect(sampleSummary([]).mean).toBeNaN();
  });
});
