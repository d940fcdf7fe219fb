import { describe, expect, it } from "vitest";
import { holm } from "../../src/experiments/holm.ts";

describe("holm", () => {
  it("matches R's p.adjust(method = 'holm')", () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") → 0.03 0.06 0.06 0.02
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((p, i) => expect(adjusted[i]).toBeCloseTo(p, 15));
  });

  it("caps at 1, leaves a single test alone, and never falls below the raw value", () => {
    expect(holm([0.6, 0.7])).toEqual([1, 1]);
    expect(holm([0.013])).toEqual([0.013]);
    expect(holm([])).toEqual([]);
    const raw = [0.2, 0.001, 0.04];
    holm(raw).forEach((p, i) => expect(p).toBeGreaterThanOrEqual(raw[i]));
  });

  it("refuses values that are not p-values", () => {
    expect(() => holm([0.1, 1.5])).toThrow("invalid p-value: 1.5");
    expect(() => holm([NaN])).toThrow("invalid p-value: NaN");
  });
});
