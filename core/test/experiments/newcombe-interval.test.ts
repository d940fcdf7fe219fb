import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newcombeInterval } from "../../src/experiments/newcombe-interval.ts";
import { wilsonInterval } from "../../src/experiments/wilson-interval.ts";

const arm = fc
  .integer({ min: 1, max: 5000 })
  .chain((n) => fc.record({ n: fc.constant(n), events: fc.integer({ min: 0, max: n }) }));

describe("newcombeInterval", () => {
  it("is built from the two Wilson intervals", () => {
    const a = { events: 40, n: 120 };
    const b = { events: 25, n: 130 };
    const [lA, uA] = wilsonInterval(40, 120);
    const [lB, uB] = wilsonInterval(25, 130);
    const d = 25 / 130 - 40 / 120;
    const [lower, upper] = newcombeInterval(a, b);
    expect(lower).toBeCloseTo(d - Math.sqrt((25 / 130 - lB) ** 2 + (uA - 40 / 120) ** 2), 14);
    expect(upper).toBeCloseTo(d + Math.sqrt((uB - 25 / 130) ** 2 + (40 / 120 - lA) ** 2), 14);
  });

  it("contains the observed difference, and swapping the arms negates it", () => {
    fc.assert(
      fc.property(arm, arm, (a, b) => {
        const d = b.events / b.n - a.events / a.n;
        const [lower, upper] = newcombeInterval(a, b);
        const [swappedLower, swappedUpper] = newcombeInterval(b, a);
        expect(lower).toBeLessThanOrEqual(d + 1e-12);
        expect(upper).toBeGreaterThanOrEqual(d - 1e-12);
        expect(lower).toBeGreaterThanOrEqual(-1);
        expect(upper).toBeLessThanOrEqual(1);
        expect(swappedLower).toBeCloseTo(-upper, 12);
        expect(swappedUpper).toBeCloseTo(-lower, 12);
      }),
    );
  });

  it("stays within [−1, 1] where the sums round past it (a case the property run found)", () => {
    const [lower, upper] = newcombeInterval({ n: 2, events: 0 }, { n: 4996, events: 4996 });
    expect(upper).toBeLessThanOrEqual(1);
    expect(lower).toBeGreaterThanOrEqual(-1);
    const [swappedLower] = newcombeInterval({ n: 4996, events: 4996 }, { n: 2, events: 0 });
    expect(swappedLower).toBeGreaterThanOrEqual(-1);
  });

  it("refuses impossible counts", () => {
    expect(() => newcombeInterval({ events: 5, n: 4 }, { events: 1, n: 4 })).toThrow(
      "invalid event count: 5 of 4",
    );
  });
});
