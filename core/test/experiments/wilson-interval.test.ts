import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../../src/experiments/wilson-interval.ts";

describe("wilsonInterval", () => {
  it("matches the closed form worked by hand for 2 of 10", () => {
    // z = 1.959964, z²/n = 0.384146; centre = (0.2 + 0.192073) / 1.384146 = 0.283260;
    // half = 1.959964 / 1.384146 · sqrt(0.016 + 0.009604) = 1.416010 · 0.160012 = 0.226579.
    const [lower, upper] = wilsonInterval(2, 10);
    expect(lower).toBeCloseTo(0.056682, 5);
    expect(upper).toBeCloseTo(0.509839, 5);
  });

  it("contains the observed rate, stays in [0, 1] and narrows as n grows", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          const events = Math.round(share * n);
          const [lower, upper] = wilsonInterval(events, n);
          const [lower4, upper4] = wilsonInterval(events * 4, n * 4);
          expect(lower).toBeGreaterThanOrEqual(0);
          expect(upper).toBeLessThanOrEqual(1);
          expect(lower).toBeLessThanOrEqual(events / n + 1e-12);
          expect(upper).toBeGreaterThanOrEqual(events / n - 1e-12);
          expect(upper4 - lower4).toBeLessThan(upper - lower);
        },
      ),
    );
  });

  it("starts at 0 with no events and ends at 1 with all, and widens with the confidence", () => {
    expect(wilsonInterval(0, 40)[0]).toBe(0);
    expect(wilsonInterval(40, 40)[1]).toBe(1);
    const [l95, u95] = wilsonInterval(30, 100, 0.95);
    const [l99, u99] = wilsonInterval(30, 100, 0.99);
    expect(l99).toBeLessThan(l95);
    expect(u99).toBeGreaterThan(u95);
  });

  it("refuses impossible counts", () => {
    expect(() => wilsonInterval(11, 10)).toThrow("invalid event count: 11 of 10");
    expect(() => wilsonInterval(0, 0)).toThrow("invalid sample size: 0");
    expect(() => wilsonInterval(1.5, 10)).toThrow("invalid event count: 1.5 of 10");
    expect(() => wilsonInterval(1, 10, 1)).toThrow("invalid confidence: 1");
  });
});
