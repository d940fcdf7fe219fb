import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createReservoir, seededRandom } from "../../src/data/index.ts";

const sample = (n: number, size: number, seed: number) => {
  const r = createReservoir<number>(size, seededRandom(seed));
  for (let i = 0; i < n; i++) r.offer(i);
  return r;
};

describe("createReservoir", () => {
  it("keeps min(size, n) distinct items, in stream order, and counts what it saw", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 100 }), fc.nat(), (n, size, seed) => {
        const r = sample(n, size, seed);
        const items = r.items();
        expect(r.seen).toBe(n);
        expect(items).toHaveLength(Math.min(n, size));
        expect(new Set(items).size).toBe(items.length);
        expect(items).toEqual([...items].sort((a, b) => a - b));
        expect(items.every((i) => i >= 0 && i < n)).toBe(true);
      }),
    );
  });

  it("is reproducible from its seed and differs between seeds", () => {
    expect(sample(10_000, 50, 7).items()).toEqual(sample(10_000, 50, 7).items());
    expect(sample(10_000, 50, 7).items()).not.toEqual(sample(10_000, 50, 8).items());
  });

  it("samples uniformly: every position is kept about size/n of the time (chi-square, 20 bins)", () => {
    const n = 200;
    const size = 20;
    const trials = 4000;
    const counts = new Array<number>(20).fill(0);
    for (let t = 0; t < trials; t++) for (const i of sample(n, size, t).items()) counts[Math.floor(i / 10)]!++;
    const expected = (trials * size) / 20;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 19 degrees of freedom: the 99.9th percentile is 43.8; a biased sampler (e.g. keeping the
    // first `size`) scores in the thousands.
    expect(chi2).toBeLessThan(43.8);
  });

  it("rejects a size that is not a positive integer", () => {
    expect(() => createReservoir(0, Math.random)).toThrow("invalid sample size: 0");
    expect(() => createReservoir(2.5, Math.random)).toThrow("invalid sample size: 2.5");
  });
});
